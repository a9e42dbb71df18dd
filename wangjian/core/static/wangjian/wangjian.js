// Behaviour that would otherwise sit in inline event handlers, which the Content-Security-Policy
// (script-src 'self') refuses. A <select data-submit-on-change> submits its form when changed.
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-submit-on-change")) {
    target.form.submit();
  }
});
