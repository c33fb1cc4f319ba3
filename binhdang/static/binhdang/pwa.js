/* Registers the service worker (/sw.js, scope "/"); signed out, it forgets the cached pages. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script || !window.isSecureContext) { return; }
  var signedIn = !!document.querySelector("form[action$='/accounts/logout/']");
  navigator.serviceWorker.register(script.dataset.sw, { scope: "/" }).then(function (registration) {
    if (!signedIn) {
      var worker = navigator.serviceWorker.controller || registration.active;
      if (worker) { worker.postMessage({ type: "signed-out" }); }
    }
  }).catch(function () { /* no offline mode; the site works as before */ });
}());
