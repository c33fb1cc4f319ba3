/* Small page behaviours without inline scripts or on* attributes (the CSP allows only
 * scripts from 'self'; docs/decisions/0332). Each is declared by a data attribute:
 *   <input data-select-on-click>           clicking selects the whole value (a feed URL to copy)
 *   <select data-navigate="/x/KEY/">       choosing an option opens the URL with KEY replaced
 *   <select data-autosubmit>               choosing an option submits its form
 * Without JavaScript the pages still work: the forms carry a submit button or a link. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.hasAttribute("data-select-on-click")) {
      target.select();
    }
  });
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target instanceof HTMLSelectElement)) return;
    if (target.hasAttribute("data-navigate")) {
      window.location.href = target.getAttribute("data-navigate").replace("KEY", encodeURIComponent(target.value));
    } else if (target.hasAttribute("data-autosubmit") && target.form) {
      target.form.submit();
    }
  });
})();
