/* A task's progress update typed offline (plans/task_detail.html): checked with the server's
 * rules (#progress-rules), kept in IndexedDB (database "binhdang-offline", store "entries",
 * as reporting/report_form.js), shown as "Chưa đồng bộ", and sent when the network returns
 * to /api/tasks/<id>/progress/ with its idempotency key, so a retry never adds it twice.
 * Progress updates append (they carry no version), so there is nothing to choose between. */
(function () {
  "use strict";
  var form = document.getElementById("progress-form");
  var rulesNode = document.getElementById("progress-rules");
  if (!form || !rulesNode || !window.indexedDB) { return; }
  var RULES = JSON.parse(rulesNode.textContent);
  var UI = RULES.ui;
  var userId = Number(form.dataset.user);
  var taskId = Number(form.dataset.task);
  var entryId = userId + ":task:" + taskId;
  var state = document.getElementById("progress-offline");

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open("binhdang-offline", 1);
      request.onupgradeneeded = function () {  // the same schema as report_form.js
        request.result.createObjectStore("entries", { keyPath: "id" }).createIndex("user", "user");
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction("entries", mode);
        var request = work(tx.objectStore("entries"));
        tx.oncomplete = function () { db.close(); resolve(request && request.result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }
  function show(message, errors) {
    state.hidden = false;
    state.textContent = "";
    var badge = document.createElement("strong");
    badge.textContent = UI.unsynced;
    state.appendChild(badge);
    state.appendChild(document.createTextNode(" " + message));
    (errors || []).forEach(function (text) {
      var line = document.createElement("p");
      line.textContent = text;
      state.appendChild(line);
    });
  }
  function values() {
    return { text: form.elements.namedItem("text").value, percent: form.elements.namedItem("percent").value,
             status: form.elements.namedItem("status").value };
  }
  function validate(entry, files) {
    var errors = [];
    if (!entry.text.trim()) { errors.push(RULES.text_required); }
    var raw = String(entry.percent).trim();
    var number = /^\d+$/.test(raw) ? parseInt(raw, 10) : NaN;
    if (isNaN(number) || number < RULES.percent.min || number > RULES.percent.max) { errors.push(RULES.percent.message); }
    if (files && files.length) { errors.push(RULES.no_files); }
    return errors;
  }
  function newKey() { return crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2); }

  form.addEventListener("submit", function (e) {
    if (navigator.onLine) { return; }
    e.preventDefault();
    var typed = values();
    var files = form.elements.namedItem("files");
    var errors = validate(typed, files && files.files);
    if (errors.length) {
      state.hidden = false; state.textContent = "";
      errors.forEach(function (text) { var p = document.createElement("p"); p.textContent = text; state.appendChild(p); });
      return;
    }
    var entry = { id: entryId, user: userId, kind: "task_progress", task: taskId, url: location.pathname,
                  title: RULES.title, unsyncedLabel: UI.unsynced, actionLabel: UI.action,
                  discardLabel: UI.discard, discardConfirm: UI.discard_confirm, preview: typed.text,
                  key: newKey(), keptAt: Date.now(), body: { text: typed.text, percent: parseInt(typed.percent, 10),
                                                             status: typed.status } };
    run("readwrite", function (store) { return store.put(entry); }).then(function () {
      if (navigator.storage && navigator.storage.persist) { navigator.storage.persist(); }
      show(UI.queued);
    });
  });

  var syncing = false;
  function sync() {
    if (syncing || !navigator.onLine) { return; }
    syncing = true;
    run("readonly", function (store) { return store.get(entryId); }).then(function (entry) {
      if (!entry) { return null; }
      form.elements.namedItem("text").value = entry.body.text;
      show(UI.syncing);
      return fetch(form.dataset.syncUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json",
                   "X-CSRFToken": form.elements.namedItem("csrfmiddlewaretoken").value, "Idempotency-Key": entry.key },
        body: JSON.stringify(entry.body),
      }).then(function (response) {
        if (response.status === 201) {
          return run("readwrite", function (store) { return store.delete(entryId); }).then(function () { location.replace(location.pathname); });
        }
        return response.json().catch(function () { return {}; }).then(function (body) {
          show(response.status === 401 || response.status === 403 ? UI.session : "",
               response.status === 401 || response.status === 403 ? [] : [UI.error.replace("%(m)s", body.detail || response.status)]);
        });
      }, function () { show(UI.queued); });
    }).catch(function () { /* IndexedDB refused: online only */ }).finally(function () { syncing = false; });
  }

  run("readonly", function (store) { return store.get(entryId); }).then(function (entry) {
    if (!entry) { return; }
    form.elements.namedItem("text").value = entry.body.text;
    form.elements.namedItem("percent").value = entry.body.percent;
    form.elements.namedItem("status").value = entry.body.status;
    show(UI.queued);
    sync();
  }).catch(function () {});
  window.addEventListener("online", sync);
}());
