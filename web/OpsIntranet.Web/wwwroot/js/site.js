// Behaviour every page shares. Kept to what the server cannot do: moving focus.
(function () {
  // A page shown again with errors: focus its summary (Infrastructure/ErrorSummary.cs) so it is read
  // first, and make each link put the cursor in its field with the field's label in view.
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.querySelectorAll("a[href^='#']").forEach(function (link) {
    const field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    const message = link.dataset.describedby;
    if (message && document.getElementById(message)) {
      const ids = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      if (ids.indexOf(message) < 0) field.setAttribute("aria-describedby", ids.concat(message).join(" "));
    }
    link.addEventListener("click", function (event) {
      event.preventDefault();
      const group = field.closest("fieldset");
      const label = (field.type === "radio" || field.type === "checkbox") && group ? group.querySelector("legend") : document.querySelector("label[for='" + CSS.escape(field.id) + "']");
      (label || field).scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    });
  });
  summary.focus();
})();
