/* The report form (reporting/submission.html): the confirmation before sending, autosave
 * messages, and offline entry.
 *
 * Offline, "Gửi báo cáo" and "Lưu nháp" check the entry with the server's own rules (JSON in
 * #report-rules), keep it in IndexedDB (store "entries" of the database "binhdang-offline",
 * one entry per report and user, named by a random idempotency key) and show it as
 * "Chưa đồng bộ". When the network returns the entry is sent to
 * /api/submissions/<id>/sync/ with its key (header Idempotency-Key), so a retry never
 * saves twice. If the report changed on the server meanwhile, the server answers 409 with
 * both copies of each differing section, and the user chooses which to keep. */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  var rulesNode = document.getElementById("report-rules");
  if (!form || !rulesNode) { return; }
  var RULES = JSON.parse(rulesNode.textContent);
  var UI = RULES.ui;
  var submissionId = Number(form.dataset.submission);
  var userId = Number(form.dataset.user);
  var syncUrl = form.dataset.syncUrl;
  var SKIP = { csrfmiddlewaretoken: true, token: true, version: true };

  // --- online behaviour kept from the page ------------------------------------------------
  // A stale version (409) or an invalid value (422) still shows its message in place.
  document.body.addEventListener("htmx:beforeSwap", function (e) {
    var code = e.detail.xhr.status;
    if (code === 409 || code === 422 || code === 403) { e.detail.shouldSwap = true; e.detail.isError = false; }
  });

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, name) { return values[name] == null ? "…" : String(values[name]); });
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text != null) { node.textContent = text; }
    return node;
  }
  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function clock(ms) {
    var d = new Date(ms);
    function two(n) { return ("0" + n).slice(-2); }
    return two(d.getHours()) + ":" + two(d.getMinutes()) + " " + two(d.getDate()) + "/" + two(d.getMonth() + 1) + "/" + d.getFullYear();
  }

  // --- the form's fields ------------------------------------------------------------------
  function fields() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!input.name || SKIP[input.name] || input.disabled || input.type === "submit" || input.type === "button") { return; }
      out[input.name] = input.value;
    });
    return out;
  }
  function restore(values) {
    Object.keys(values).forEach(function (name) {
      var input = form.elements.namedItem(name);
      if (input && !SKIP[name] && input.type !== "hidden") { input.value = values[name]; }
    });
  }
  function sectionOf(name) {
    for (var i = 0; i < RULES.sections.length; i++) {
      var key = RULES.sections[i].key;
      if (name === key || name.indexOf(key + "-") === 0) { return key; }
    }
    return null;
  }

  // --- the server's rules, offline --------------------------------------------------------
  function parseNumber(raw) {
    var text = String(raw).trim().replace(/\./g, "").replace(/ /g, "");
    return /^[+-]?\d+$/.test(text) ? parseInt(text, 10) : NaN;
  }
  function validate(values, action) {
    var errors = [], missing = [];
    RULES.sections.forEach(function (rule) {
      var key = rule.key;
      if (rule.kind === "narrative") {
        var text = values[key] == null ? "" : String(values[key]);
        if (text.length > rule.max_length) { errors.push(format(RULES.messages.too_long, { t: rule.title, n: rule.max_length })); }
        if (rule.required && !text.trim()) { missing.push(rule.title); }
      } else if (rule.kind === "task_table" || rule.kind === "indicator_table") {
        var empty = false;
        for (var i = 0; (key + "-" + i + "-code") in values; i++) {
          Object.keys(rule.columns).forEach(function (column) {
            var spec = rule.columns[column];
            var raw = values[key + "-" + i + "-" + column];
            if (raw == null) { return; }
            if (spec.max_length != null && String(raw).length > spec.max_length) {
              errors.push(format(RULES.messages.note_too_long, { c: values[key + "-" + i + "-code"], n: spec.max_length }));
            }
            if (!spec.number) { return; }
            if (String(raw).trim() === "") { if (spec.required) { empty = true; } return; }
            var number = parseNumber(raw);
            if (isNaN(number)) {
              errors.push(format(RULES.messages.not_number, { v: raw, label: spec.label }));
            } else if (number < spec.min || (spec.max != null && number > spec.max)) {
              errors.push(format(RULES.messages.range, { label: spec.label, low: spec.min, high: spec.max == null ? "…" : spec.max }));
            }
          });
        }
        if (rule.required && empty) { missing.push(rule.title); }
      } else if (rule.kind === "attachments") {
        if (rule.required && !rule.attached) { missing.push(rule.title); }
      }
    });
    if (action === "submit" && missing.length) { errors.push(format(RULES.messages.required, { s: missing.join("; ") })); }
    return errors;
  }

  // --- IndexedDB --------------------------------------------------------------------------
  var dbPromise = window.idb ? idb.openDB("binhdang-offline", 1, {
    upgrade: function (db) {
      var store = db.createObjectStore("entries", { keyPath: "id" });
      store.createIndex("user", "user");
    },
  }) : Promise.reject(new Error("IndexedDB unavailable"));
  var entryId = userId + ":" + submissionId;

  function getEntry() { return dbPromise.then(function (db) { return db.get("entries", entryId); }); }
  function putEntry(entry) { return dbPromise.then(function (db) { return db.put("entries", entry); }); }
  function deleteEntry() { return dbPromise.then(function (db) { return db.delete("entries", entryId); }); }
  function userEntries() { return dbPromise.then(function (db) { return db.getAllFromIndex("entries", "user", userId); }); }

  var persistAsked = false;
  function askPersist() {
    if (persistAsked || !navigator.storage || !navigator.storage.persist) { return; }
    persistAsked = true;
    navigator.storage.persist().then(function (granted) { document.documentElement.dataset.storagePersisted = String(granted); });
  }

  // --- what the page shows ------------------------------------------------------------------
  var state = document.getElementById("offline-state");
  var stateMessage = document.getElementById("offline-message");
  var errorBox = document.getElementById("offline-errors");
  var discard = document.getElementById("offline-discard");
  function showState(message, unsynced) {
    state.hidden = false;
    discard.hidden = !unsynced;
    state.classList.toggle("unsynced", !!unsynced);
    state.querySelector(".rep-unsynced").hidden = !unsynced;
    stateMessage.textContent = message;
    form.classList.toggle("rep-form-unsynced", !!unsynced);
  }
  function showErrors(errors) {
    errorBox.textContent = "";
    errorBox.hidden = !errors.length;
    errors.forEach(function (text) { errorBox.appendChild(el("p", {}, text)); });
    if (errors.length) { errorBox.scrollIntoView({ block: "center" }); }
  }
  function renderPending() {
    return userEntries().then(function (entries) {
      var box = document.getElementById("pending-entries");
      var list = document.getElementById("pending-list");
      list.textContent = "";
      box.hidden = !entries.length;
      entries.sort(function (a, b) { return b.keptAt - a.keptAt; }).forEach(function (entry) {
        var item = el("li", { "data-submission": String(entry.submission) });
        item.appendChild(el("span", { "class": "rep-badge rep-unsynced" }, UI.unsynced));
        item.appendChild(document.createTextNode(" "));
        var label = entry.title + " — " + (entry.actionLabel || (entry.action === "submit" ? UI.action_submit : UI.action_save));
        if (entry.submission === submissionId) { item.appendChild(el("strong", {}, label)); }
        else { item.appendChild(el("a", { href: entry.url }, label)); }
        item.appendChild(el("span", { "class": "small muted" }, " · " + format(UI.kept_at, { t: clock(entry.keptAt) })));
        list.appendChild(item);
      });
    });
  }

  // --- queueing -------------------------------------------------------------------------------
  function preview(values) {  // the narrative sections as text, to copy from if it cannot be sent
    return RULES.sections.filter(function (rule) { return rule.kind === "narrative" && (values[rule.key] || "").trim(); })
      .map(function (rule) { return rule.title + ":\n" + values[rule.key].trim(); }).join("\n\n");
  }
  discard.addEventListener("click", function () {
    if (!window.confirm(UI.discard_confirm)) { return; }
    deleteEntry().then(function () { location.replace(location.pathname); });
  });
  var queued = Promise.resolve();  // one write after the other: typing never overwrites a submit
  function queue(action, values) {
    queued = queued.then(function () { return store(action, values); }, function () { return store(action, values); });
    return queued;
  }
  function store(action, values) {
    return getEntry().then(function (previous) {
      var entry = {
        id: entryId, user: userId, submission: submissionId, url: location.pathname,
        // for the list on other pages (pwa.js), which can show and discard it
        title: RULES.title, unsyncedLabel: UI.unsynced, discardLabel: UI.discard, discardConfirm: UI.discard_confirm,
        preview: preview(values),
        // typing after "Gửi báo cáo" keeps the entry a submission
        action: action === "typing" ? (previous ? previous.action : "save") : action,
        // the version the entry was typed on, kept across reloads of a cached (older) page
        version: previous ? previous.version : Number(document.getElementById("version").value),
        fields: values, key: newKey(), keptAt: Date.now(), conflict: null,
      };
      return putEntry(entry).then(function () { askPersist(); return entry; });
    });
  }

  var typingTimer = null;
  form.addEventListener("input", function () {
    if (navigator.onLine) { return; }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () {
      queue("typing", fields()).then(function (entry) {
        showState(entry.action === "submit" ? UI.queued_submit : UI.typing_offline, true);
        renderPending();
      });
    }, 400);
  });

  form.addEventListener("submit", function (e) {
    var button = e.submitter;
    var action = button && button.id === "submit-report" ? "submit" : "save";
    if (action === "submit" && !window.confirm(button.dataset.confirm)) { e.preventDefault(); return; }
    if (navigator.onLine) {  // the ordinary POST; the button stays pressed once
      if (button) { setTimeout(function () { button.disabled = true; }, 0); }
      return;
    }
    e.preventDefault();
    var values = fields();
    var errors = validate(values, action);
    showErrors(errors);
    if (errors.length) { return; }
    clearTimeout(typingTimer);
    queue(action, values).then(function (entry) {
      showState(entry.action === "submit" ? UI.queued_submit : UI.queued_save, true);
      return renderPending();
    });
  });

  // --- sending ---------------------------------------------------------------------------------
  var syncing = false;
  function csrf() {
    var input = form.elements.namedItem("csrfmiddlewaretoken");
    return input ? input.value : "";
  }
  function send(entry) {
    return fetch(syncUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRFToken": csrf(), "Idempotency-Key": entry.key },
      body: JSON.stringify({ action: entry.action, version: entry.version, form: entry.fields }),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) { return { code: response.status, body: body }; });
    });
  }
  function sync(retried) {
    if (syncing || !navigator.onLine) { return Promise.resolve(); }
    syncing = true;
    return getEntry().then(function (entry) {
      if (!entry || entry.conflict) { return null; }
      showState(UI.syncing, true);
      return send(entry).then(function (result) {
        if (result.code === 200) {
          return deleteEntry().then(function () {
            showState(UI.synced, false);
            location.replace(result.body.url || location.pathname);
          });
        }
        if (result.code === 409 && result.body.code === "stale_version") {
          entry.conflict = result.body;
          return putEntry(entry).then(function () { showConflict(entry); });
        }
        if (result.code === 409 && result.body.code === "idempotency_mismatch" && !retried) {
          entry.key = newKey();  // this key was used for an earlier body that did get saved
          return putEntry(entry).then(function () { syncing = false; return sync(true); });
        }
        if (result.code === 401 || result.code === 403) { showState(UI.session, true); return null; }
        showState(UI.unsynced, true);
        showErrors([format(UI.error, { m: result.body.detail || result.code })]);
        return null;
      }, function () {  // still no network: try again when it returns
        showState(entry.action === "submit" ? UI.queued_submit : UI.queued_save, true);
      });
    }).finally(function () { syncing = false; });
  }

  // --- the difference screen --------------------------------------------------------------------
  var conflictBox = document.getElementById("sync-conflict");
  function showConflict(entry) {
    var conflict = entry.conflict;
    showState(UI.choose_below, true);
    document.getElementById("sync-conflict-message").textContent = conflict.detail;
    var holder = document.getElementById("sync-conflict-sections");
    holder.textContent = "";
    conflict.sections.forEach(function (section) {
      var changed = (RULES.base[section.key] || "") !== section.server;
      var group = el("fieldset", { "class": "rep-choice", id: "conflict-" + section.key, "data-key": section.key,
                                    "data-server-changed": String(changed) });
      group.appendChild(el("legend", {}, section.title));
      group.appendChild(el("p", { "class": "small muted" }, changed ? UI.server_changed : UI.only_mine));
      var sides = el("div", { "class": "rep-sides" });
      [["mine", UI.mine, UI.keep_mine], ["server", UI.server, UI.keep_server]].forEach(function (side) {
        var column = el("div", { "class": "rep-side rep-side-" + side[0] });
        var id = "choice-" + section.key + "-" + side[0];
        var label = el("label", { "for": id });
        var radio = el("input", { type: "radio", name: "choice-" + section.key, value: side[0], id: id });
        if (!changed && side[0] === "mine") { radio.checked = true; }
        label.appendChild(radio);
        label.appendChild(document.createTextNode(" " + side[2]));
        column.appendChild(el("h3", {}, side[1]));
        column.appendChild(el("pre", { "class": "rep-diff-text" }, section[side[0]] || UI.empty));
        column.appendChild(label);
        sides.appendChild(column);
      });
      group.appendChild(sides);
      holder.appendChild(group);
    });
    var apply = document.getElementById("sync-conflict-apply");
    apply.textContent = entry.action === "submit" ? UI.resolve_submit : UI.resolve_save;
    conflictBox.hidden = false;
    form.hidden = true;
    conflictBox.scrollIntoView({ block: "start" });
    if (!conflict.sections.length) { resolve(); }  // nothing differs: our own autosave moved the version
  }
  function resolve() {
    return getEntry().then(function (entry) {
      if (!entry || !entry.conflict) { return null; }
      var unchosen = [], dropped = {};
      entry.conflict.sections.forEach(function (section) {
        var picked = conflictBox.querySelector("input[name='choice-" + section.key + "']:checked");
        if (!picked) { unchosen.push(section.title); } else if (picked.value === "server") { dropped[section.key] = true; }
      });
      var error = document.getElementById("sync-conflict-error");
      error.hidden = !unchosen.length;
      error.textContent = unchosen.length ? format(UI.choose, { s: unchosen.join("; ") }) : "";
      if (unchosen.length) { return null; }
      var values = {};
      Object.keys(entry.fields).forEach(function (name) {
        if (!dropped[sectionOf(name)]) { values[name] = entry.fields[name]; }
      });
      entry.fields = values;
      entry.version = entry.conflict.server.version;
      entry.key = newKey();  // a new body: a new key
      entry.conflict = null;
      return putEntry(entry).then(function () { return sync(); });
    });
  }
  document.getElementById("sync-conflict-apply").addEventListener("click", function () { resolve(); });

  // --- start ----------------------------------------------------------------------------------------
  getEntry().then(function (entry) {
    if (entry) {
      restore(entry.fields);
      if (entry.conflict) { showConflict(entry); }
      else { showState(entry.action === "submit" ? UI.queued_submit : UI.queued_save, true); }
    }
    return renderPending();
  }).then(function () { return sync(); }).catch(function () { /* no IndexedDB: online only */ });
  window.addEventListener("online", function () { sync(); });
  window.addEventListener("offline", function () { showState(UI.typing_offline, false); });
}());
