/* Confirmation before irreversible steps, without inline scripts (CSP allows 'self').
 * A form, or the button that submits it, carrying data-confirm="question" asks first
 * (the browser's own confirm dialog: modal, keyboard- and screen-reader-accessible, its
 * buttons in the browser's language). Without JavaScript the form submits directly and the
 * server still checks everything. htmx requests use hx-confirm, which htmx handles. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var submitter = event.submitter || null;
    var form = event.target;
    var source = submitter && submitter.hasAttribute("data-confirm") ? submitter
      : form.hasAttribute("data-confirm") ? form : null;
    if (source && !window.confirm(source.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
