/* Registers the service worker (/sw.js, scope "/"); signed out, it forgets the cached pages.
 * On every other page, entries typed offline and not yet sent (IndexedDB "binhdang-offline",
 * written by reporting/report_form.js) are listed at the top, each linking to its page,
 * where it is sent. */
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

  function showPending(entries) {
    var main = document.querySelector("main");
    if (!main || !entries.length) { return; }
    var box = document.createElement("div");
    box.id = "pwa-pending";
    box.className = "pwa-pending";
    box.setAttribute("role", "status");
    // styled here: app.css belongs to the layout
    box.style.cssText = "border-left:4px solid #8a5300;background:#fff4e0;color:#5c3700;padding:.3rem .8rem;margin:0 0 .8rem;border-radius:4px";
    entries.forEach(function (entry) {
      var line = document.createElement("p");
      var badge = document.createElement("strong");
      badge.textContent = entry.unsyncedLabel || "";
      var link = document.createElement("a");
      link.href = entry.url;
      link.textContent = entry.title;
      line.style.margin = ".2rem 0";
      badge.style.marginRight = ".3rem";
      line.appendChild(badge);
      line.appendChild(document.createTextNode(" "));
      line.appendChild(link);
      box.appendChild(line);
      if (entry.url === location.pathname) {  // its own page cannot take it any more (sent meanwhile)
        if (entry.preview) {
          var text = document.createElement("pre");
          text.style.cssText = "white-space:pre-wrap;font:inherit;margin:.2rem 0";
          text.textContent = entry.preview;
          box.appendChild(text);
        }
        var drop = document.createElement("button");
        drop.type = "button";
        drop.className = "linkbutton";
        drop.textContent = entry.discardLabel || "×";
        drop.addEventListener("click", function () {
          if (!window.confirm(entry.discardConfirm || "")) { return; }
          var request = indexedDB.open("binhdang-offline");
          request.onsuccess = function () {
            var tx = request.result.transaction("entries", "readwrite");
            tx.objectStore("entries").delete(entry.id);
            tx.oncomplete = function () { request.result.close(); location.reload(); };
          };
        });
        box.appendChild(drop);
      }
    });
    main.insertBefore(box, main.firstChild);
  }

  if (!signedIn || !window.indexedDB) { return; }
  // The report form and the task page list and send their own entries.
  var ownPage = !!(document.getElementById("report-rules") || document.getElementById("progress-rules"));
  document.addEventListener("DOMContentLoaded", function () {
    var request = indexedDB.open("binhdang-offline");
    // Never create the database here: report_form.js creates it with its store.
    request.onupgradeneeded = function (event) { event.target.transaction.abort(); };
    request.onsuccess = function () {
      var db = request.result;
      if (!db.objectStoreNames.contains("entries")) { db.close(); return; }
      var all = db.transaction("entries").objectStore("entries").getAll();
      all.onsuccess = function () {
        db.close();
        if (document.getElementById("report-rules")) { return; }  // the form lists them all itself
        showPending((all.result || []).filter(function (entry) { return !(ownPage && entry.url === location.pathname); }));
      };
    };
  });
}());
