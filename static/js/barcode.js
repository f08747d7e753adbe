// Camera scanning for the barcode box, where the browser has the BarcodeDetector API (most
// phones' Chrome); everywhere else the typed entry works alone and the button stays hidden.
(function () {
  var form = document.querySelector("[data-barcode-form]");
  if (!form || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  var button = form.querySelector("[data-barcode-scan]");
  var video = form.querySelector("[data-barcode-video]");
  var status = form.querySelector("[data-barcode-status]");
  var input = form.querySelector("input[name=q]");
  var formats = ["ean_13", "ean_8", "upc_a", "upc_e", "itf"];
  window.BarcodeDetector.getSupportedFormats().then(function (supported) {
    formats = formats.filter(function (f) { return supported.indexOf(f) !== -1; });
    if (formats.length) button.hidden = false;
  });
  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: formats });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      status.textContent = button.dataset.scanning || "";
      var stop = function () {
        stream.getTracks().forEach(function (t) { t.stop(); });
        video.hidden = true;
      };
      var look = function () {
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            stop();
            input.value = codes[0].rawValue;
            form.submit();
          } else {
            window.requestAnimationFrame(look);
          }
        }, stop);
      };
      look();
    }, function () {
      status.textContent = button.dataset.denied || "";
    });
  });
})();
