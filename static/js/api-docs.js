// Names Swagger UI leaves off its controls, and its title's heading level (axe: label, select-name, button-name,
// label-content-name-mismatch), set again whenever Swagger UI redraws a part of the page.
// Swagger UI's controls are English only, like the reference they sit in (lang="en").
"use strict";

(() => {
  const NAMES = [
    ["textarea.body-param__text", "Request body"],
    ["select.examples-select-element", "Example"],
    ["select.content-type", "Media type"],
    [".close-modal", "Close"],
  ];
  const name = (root) => {
    for (const [selector, label] of NAMES) {
      for (const el of root.querySelectorAll(selector)) {
        if (!el.hasAttribute("aria-label") && !el.labels?.length) el.setAttribute("aria-label", label);
      }
    }
    // Swagger UI titles the reference with an <h1>; the page's own heading is the one <h1>.
    for (const el of root.querySelectorAll("h1.title:not([aria-level])")) {
      el.setAttribute("role", "heading");
      el.setAttribute("aria-level", "2");
    }
    // "Authorize" buttons named "Apply credentials": the visible word is the name.
    for (const el of root.querySelectorAll(".auth-btn-wrapper button[aria-label]")) {
      el.removeAttribute("aria-label");
    }
  };
  const root = document.getElementById("swagger-ui");
  new MutationObserver(() => name(root)).observe(root, { childList: true, subtree: true });
})();
