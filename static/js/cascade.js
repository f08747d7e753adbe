// Progressive enhancement for the public filters: choosing a province or city reloads the
// form so the next level's options appear. Without script the Apply button does the same.
document.addEventListener("change", function (event) {
  var select = event.target;
  if (!select.matches || !select.matches("select[data-cascade]")) return;
  var form = select.form, after = false;
  form.querySelectorAll("select[data-cascade]").forEach(function (s) {
    if (after) s.disabled = true; // deeper levels no longer apply
    if (s === select) after = true;
  });
  form.submit();
});
