/* inspectapp — the inspector's phone checklist, enhanced.
 *
 * Without this script the checklist is plain server-rendered forms. With it:
 * - every tap becomes a finding in IndexedDB first (strict durability), then is uploaded;
 * - findings and files carry client-generated ids; each goes up in its own request, retried
 *   with exponential backoff; the server answers a repeat with the row it already has;
 * - the page itself is cached by a service worker (/inspections/sw.js), so reloading or
 *   reopening it offline shows the draft; nothing is removed from the phone until the server
 *   has confirmed it;
 * - photos are downscaled on the phone (longest side ≤ 2000 px, re-encoded without EXIF).
 * The wording rule is the same as services.word_finding on the server.
 */
(function () {
  "use strict";

  var root = document.getElementById("ck");
  if (!root || !window.indexedDB || !window.fetch || !window.Promise) return;
  document.documentElement.classList.add("js");

  var INSPECTION = Number(root.dataset.inspection);
  var MAX_SIDE = 2000;
  var MSG = document.getElementById("ck-msg").dataset;
  var SEVERITY = { minor: MSG.severityMinor, moderate: MSG.severityModerate, serious: MSG.severitySerious };
  var $ = function (id) { return document.getElementById(id); };

  var csrfToken = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var findings = new Map(); // client_id -> local finding record
  var files = new Map(); // client_id -> local file record
  var serverRows = []; // findings the server holds that this phone did not record
  var visits = []; // windows marked "no problem found", not yet confirmed by the server
  var openId = null; // finding shown in the sheet
  var sendingId = null; // record being uploaded right now
  var thumbs = new Map(); // file client_id -> object URL of its photo (one per photo, list and sheet share it)
  var rows = new Map(); // client_id -> the list item drawn for it (see drawFinding), kept between redraws

  // ------------------------------------------------------------------ storage (IndexedDB)

  var dbPromise = new Promise(function (resolve, reject) {
    var request = indexedDB.open("inspectapp-inspections", 1);
    request.onupgradeneeded = function () {
      var db = request.result;
      db.createObjectStore("findings", { keyPath: "client_id" }).createIndex("inspection", "inspection");
      db.createObjectStore("files", { keyPath: "client_id" }).createIndex("inspection", "inspection");
      db.createObjectStore("prefs");
    };
    request.onsuccess = function () { resolve(request.result); };
    request.onerror = function () { reject(request.error); };
  });

  function store(name, mode, work) {
    return dbPromise.then(function (db) {
      return new Promise(function (resolve, reject) {
        // "strict": the write is on disk before we call it saved (a dead battery must not lose it).
        var tx = db.transaction(name, mode, { durability: "strict" });
        var result = work(tx.objectStore(name));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function putRecord(name, record) { return store(name, "readwrite", function (s) { s.put(record); }); }
  function deleteRecord(name, key) { return store(name, "readwrite", function (s) { s.delete(key); }); }
  function loadAll(name) {
    return store(name, "readonly", function (s) { return s.index("inspection").getAll(INSPECTION); });
  }
  function getPref(key) { return store("prefs", "readonly", function (s) { return s.get(key); }); }
  function setPref(key, value) { return store("prefs", "readwrite", function (s) { s.put(value, key); }); }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // ------------------------------------------------------------------ wording (as on the server)

  function replaceAll(text, token, value) { return text.split(token).join(value); }

  function beijingTime(ms) {
    var d = new Date(ms + 8 * 3600 * 1000); // China Standard Time has no daylight saving
    return String(d.getUTCHours()).padStart(2, "0") + ":" + String(d.getUTCMinutes()).padStart(2, "0");
  }

  function word(f) {
    var staff = f.staff_no ? "工作人员（工号" + f.staff_no + "）" : "工作人员";
    var text = replaceAll(f.pattern, "{时间}", beijingTime(f.recorded_at));
    text = replaceAll(text, "{窗口}", f.window_label || root.dataset.hallArea);
    return replaceAll(text, "{工作人员}", staff);
  }

  // ------------------------------------------------------------------ window choice

  var select = $("ck-window");
  var itemsForm = $("ck-items");

  function chooseWindow(value, save) {
    if (!select) return;
    select.value = value;
    var option = select.options[select.selectedIndex];
    $("ck-item-window").value = select.value;
    $("ck-where").textContent = select.value ? option.dataset.label : "";
    itemsForm.classList.toggle("ck-need-window", !select.value);
    var clean = $("ck-clean");
    if (clean) {
      $("ck-clean-window").value = select.value;
      clean.classList.toggle("ck-need-window", !select.value || select.value === "0");
    }
    if (save) {
      setPref("window:" + INSPECTION, select.value);
      var url = new URL(location.href);
      url.searchParams.set("window", select.value);
      history.replaceState(null, "", url);
    }
    renderTallies();
  }

  function currentWindow() {
    var option = select.options[select.selectedIndex];
    return { id: select.value === "0" ? null : Number(select.value), label: option.dataset.label || "" };
  }

  // ------------------------------------------------------------------ recording

  function recordTap(button) {
    if (!select.value) { flashStatus(MSG.chooseWindow); return; }
    var w = currentWindow();
    var data = button.dataset;
    var f = {
      client_id: newId(), inspection: INSPECTION, item: Number(button.value), code: data.code,
      problem: data.problem, pattern: data.pattern, points: data.points, severity: data.severity,
      window: w.id, window_label: w.label, staff_no: "", note: "", sentence: "", sentence_auto: true,
      withdrawn: false, recorded_at: Date.now(), rev: 1, synced_rev: 0, error: null, error_rev: 0,
    };
    f.sentence = word(f);
    button.classList.add("is-tapped");
    setTimeout(function () { button.classList.remove("is-tapped"); }, 300);
    saveFinding(f).then(function () { openSheet(f.client_id); });
  }

  function saveFinding(f) {
    findings.set(f.client_id, f);
    unsaved.delete(f.client_id);
    return putRecord("findings", f).then(function () { render(); scheduleSync(600); });
  }

  function edit(f, fields) {
    Object.assign(f, fields);
    f.rev += 1;
    if (f.sentence_auto) f.sentence = word(f);
  }

  /** A tap (severity, withdraw): stored at once. */
  function change(f, fields) {
    edit(f, fields);
    return saveFinding(f);
  }

  /** Typing in the sheet: the record in memory and its line in the list follow every keystroke;
   * IndexedDB gets it once typing pauses (TYPING_PAUSE ms), when the sheet closes, when the page is
   * hidden or left, and before the record is sent (a send stores what it sent). */
  var TYPING_PAUSE = 400;
  var unsaved = new Map(), saveTimer = null;

  function type(f, fields) {
    edit(f, fields);
    unsaved.set(f.client_id, f);
    clearTimeout(saveTimer);
    saveTimer = setTimeout(flushTyping, TYPING_PAUSE);
    drawFinding(f);
    renderStatus();
  }

  function flushTyping() {
    clearTimeout(saveTimer);
    var pending = Array.from(unsaved.values());
    unsaved.clear();
    if (!pending.length) return Promise.resolve();
    return Promise.all(pending.map(function (f) { return putRecord("findings", f); }))
      .then(function () { scheduleSync(600); });
  }

  function withdraw(f) {
    if (!window.confirm(MSG.confirmWithdraw)) return;
    closeSheet();
    unsaved.delete(f.client_id);
    if (!f.attempted) {
      // Never sent: forget it here too (with its files); there is nothing to take back.
      var mine = Array.from(files.values()).filter(function (x) { return x.finding === f.client_id; });
      findings.delete(f.client_id);
      mine.forEach(function (x) { files.delete(x.client_id); });
      Promise.all([deleteRecord("findings", f.client_id)].concat(mine.map(function (x) {
        return deleteRecord("files", x.client_id);
      }))).then(render);
      return;
    }
    // Sent at least once: tell the server it is withdrawn. Its photos not yet uploaded are dropped.
    Array.from(files.values()).forEach(function (x) {
      if (x.finding === f.client_id && !x.synced) { files.delete(x.client_id); deleteRecord("files", x.client_id); }
    });
    change(f, { withdrawn: true });
  }

  // ------------------------------------------------------------------ photos and audio

  function decode(file) {
    if (window.createImageBitmap) {
      return createImageBitmap(file, { imageOrientation: "from-image" }).catch(function () { return viaImg(file); });
    }
    return viaImg(file);
  }

  function viaImg(file) {
    return new Promise(function (resolve, reject) {
      var img = new Image();
      var url = URL.createObjectURL(file);
      img.onload = function () { URL.revokeObjectURL(url); resolve(img); };
      img.onerror = function () { URL.revokeObjectURL(url); reject(new Error("decode")); };
      img.src = url;
    });
  }

  function downscale(file) {
    return decode(file).then(function (image) {
      var w = image.width, h = image.height;
      var scale = Math.min(1, MAX_SIDE / Math.max(w, h));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(w * scale);
      canvas.height = Math.round(h * scale);
      canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
      if (image.close) image.close();
      return new Promise(function (resolve, reject) {
        canvas.toBlob(function (blob) { return blob ? resolve(blob) : reject(new Error("encode")); }, "image/jpeg", 0.85);
      });
    });
  }

  var MAX_AUDIO = 25 * 1024 * 1024;

  function addFile(f, file, kind) {
    if (kind === "audio" && file.size > MAX_AUDIO) { flashStatus(MSG.tooLarge); return Promise.resolve(); }
    var prepared = kind === "photo" ? downscale(file).catch(function () { return file; }) : Promise.resolve(file);
    return prepared.then(function (blob) {
      var record = {
        client_id: newId(), inspection: INSPECTION, finding: f.client_id, kind: kind, blob: blob,
        name: kind === "photo" ? "photo.jpg" : (file.name || "audio"), captured_at: Date.now(),
        synced: false, error: null,
      };
      files.set(record.client_id, record);
      return putRecord("files", record).then(function () { render(); scheduleSync(0); });
    });
  }

  // ------------------------------------------------------------------ the sheet (finding details)

  var sheet = $("ck-sheet");

  function openSheet(clientId) {
    var f = findings.get(clientId);
    if (!f || f.withdrawn) return;
    openId = clientId;
    $("ck-sheet-title").textContent = f.code + " " + f.problem + " · " + (f.window_label || root.dataset.hallArea);
    $("ck-f-sentence").value = f.sentence;
    $("ck-f-staff").value = f.staff_no;
    $("ck-f-note").value = f.note;
    document.querySelectorAll('input[name="ck-f-severity"]').forEach(function (r) { r.checked = r.value === f.severity; });
    sheet.hidden = false;
    renderSheetMedia();
  }

  function closeSheet() { sheet.hidden = true; openId = null; flushTyping(); }

  function bindSheet() {
    var current = function () { return findings.get(openId); };
    $("ck-f-sentence").addEventListener("input", function (e) {
      var text = e.target.value.trim();
      type(current(), { sentence: e.target.value, sentence_auto: !text });
    });
    $("ck-f-staff").addEventListener("input", function (e) {
      var f = current();
      type(f, { staff_no: e.target.value.trim() });
      if (f.sentence_auto) $("ck-f-sentence").value = f.sentence;
    });
    $("ck-f-note").addEventListener("input", function (e) { type(current(), { note: e.target.value }); });
    document.querySelectorAll('input[name="ck-f-severity"]').forEach(function (r) {
      r.addEventListener("change", function () { change(current(), { severity: r.value }); });
    });
    [["ck-f-photo", "photo"], ["ck-f-audio", "audio"]].forEach(function (pair) {
      $(pair[0]).addEventListener("change", function (e) {
        var f = current();
        var picked = Array.from(e.target.files || []);
        e.target.value = "";
        picked.reduce(function (p, file) { return p.then(function () { return addFile(f, file, pair[1]); }); },
          Promise.resolve());
      });
    });
    $("ck-f-done").addEventListener("click", closeSheet);
    $("ck-f-withdraw").addEventListener("click", function () { withdraw(current()); });
    sheet.addEventListener("click", function (e) { if (e.target === sheet) closeSheet(); });
  }

  // ------------------------------------------------------------------ rendering

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function fileState(x) {
    if (x.synced) return ["ck-saved", MSG.saved];
    if (x.error) return ["ck-failed", MSG.failed + "：" + x.error];
    if (sendingId === x.client_id) return ["ck-sending", MSG.sending];
    return ["ck-pending", MSG.pending];
  }

  function findingState(f) {
    if (f.error && f.error_rev === f.rev) return ["ck-failed", MSG.failed + "：" + f.error];
    if (sendingId === f.client_id) return ["ck-sending", MSG.sending];
    if (f.synced_rev >= f.rev) return ["ck-saved", MSG.saved];
    return ["ck-pending", MSG.pending];
  }

  function thumbUrl(x) {
    var url = thumbs.get(x.client_id);
    if (!url) { url = URL.createObjectURL(x.blob); thumbs.set(x.client_id, url); }
    return url;
  }

  function filesOf(clientId) {
    return Array.from(files.values()).filter(function (x) { return x.finding === clientId; });
  }

  /** What a media list shows, as one string: it is drawn again only when this changes. */
  function mediaKey(clientId) {
    return filesOf(clientId).map(function (x) { return x.client_id + ":" + fileState(x).join(); }).join("|");
  }

  function mediaList(clientId, small) {
    var list = el("ul", "ck-media");
    filesOf(clientId).forEach(function (x) {
      var li = el("li");
      li.dataset.fileId = x.client_id;
      if (x.kind === "photo") {
        var img = el("img");
        img.src = thumbUrl(x);
        img.alt = MSG.photo;
        li.appendChild(img);
      } else {
        li.appendChild(el("span", "ck-audio", MSG.audio));
      }
      var state = fileState(x);
      li.appendChild(el("span", "ck-state " + state[0], state[1]));
      list.appendChild(li);
    });
    if (small) list.classList.add("ck-media-small");
    return list;
  }

  var sheetMediaKey = null;
  function renderSheetMedia(force) {
    if (!openId) return;
    var key = openId + "/" + mediaKey(openId);
    if (key === sheetMediaKey && !force) return;
    sheetMediaKey = key;
    $("ck-f-media").replaceWith(Object.assign(mediaList(openId), { id: "ck-f-media" }));
  }

  function setText(node, text) { if (node.textContent !== text) node.textContent = text; }

  /** The list item of one local finding, made once and then changed only where its text, state
   * or files changed: typing in the sheet touches this one line, never the photos. */
  function drawFinding(f) {
    var row = rows.get(f.client_id);
    if (!row || !row.local) {
      row = { local: true, li: el("li", "ck-finding"), sentence: el("p", "ck-sentence"), meta: el("p", "ck-meta") };
      row.li.dataset.clientId = f.client_id;
      var open = el("button", "ck-open");
      open.type = "button";
      open.appendChild(row.sentence);
      row.state = el("span", "ck-state");
      row.severity = document.createTextNode("");
      row.meta.appendChild(row.state);
      row.meta.appendChild(row.severity);
      open.appendChild(row.meta);
      open.addEventListener("click", function () { openSheet(f.client_id); });
      row.li.appendChild(open);
      rows.set(f.client_id, row);
    }
    var className = "ck-finding" + (f.withdrawn ? " is-withdrawn" : "");
    if (row.li.className !== className) row.li.className = className;
    setText(row.sentence, f.sentence);
    var state = findingState(f);
    if (row.state.className !== "ck-state " + state[0]) row.state.className = "ck-state " + state[0];
    setText(row.state, f.withdrawn ? MSG.withdrawn + " · " + state[1] : state[1]);
    var severity = " · " + (SEVERITY[f.severity] || "");
    if (row.severity.data !== severity) row.severity.data = severity;
    var key = mediaKey(f.client_id);
    if (row.mediaKey !== key) {
      var media = mediaList(f.client_id, true);
      if (row.media) row.media.replaceWith(media); else row.li.appendChild(media);
      row.media = media;
      row.mediaKey = key;
    }
    return row.li;
  }

  /** A finding the server holds that this phone did not record (drawn again only if it changed). */
  function drawServerRow(row) {
    var key = row.sentence + "|" + (row.evidence ? row.evidence.length : 0);
    var drawn = rows.get(row.client_id);
    if (drawn && !drawn.local && drawn.key === key) return drawn.li;
    var li = el("li", "ck-finding");
    li.dataset.clientId = row.client_id;
    li.appendChild(el("p", "ck-sentence", row.sentence));
    var meta = el("p", "ck-meta");
    meta.appendChild(el("span", "ck-state ck-saved", MSG.saved));
    if (row.evidence && row.evidence.length) meta.appendChild(document.createTextNode(" · " + MSG.photo + " " + row.evidence.length));
    li.appendChild(meta);
    rows.set(row.client_id, { local: false, li: li, key: key });
    return li;
  }

  /** Put exactly these nodes in this order into the list, moving only those out of place. */
  function arrange(list, nodes) {
    nodes.forEach(function (node, i) {
      if (list.children[i] !== node) list.insertBefore(node, list.children[i] || null);
    });
    while (list.children.length > nodes.length) list.removeChild(list.lastElementChild);
  }

  var emptyItem = null;
  function render() {
    var mine = Array.from(findings.values()).filter(function (f) { return !(f.withdrawn && f.synced_rev >= f.rev); });
    mine.sort(function (a, b) { return b.recorded_at - a.recorded_at; });
    var nodes = mine.map(drawFinding);
    var shown = mine.filter(function (f) { return !f.withdrawn; }).length;
    serverRows.forEach(function (row) {
      if (findings.has(row.client_id) || row.status !== "active") return;
      nodes.push(drawServerRow(row));
      shown += 1;
    });
    if (!nodes.length) nodes.push(emptyItem = emptyItem || el("li", "ck-empty", MSG.empty));
    var list = $("ck-list");
    arrange(list, nodes);
    var live = new Set(nodes.map(function (node) { return node.dataset.clientId; }));
    rows.forEach(function (row, id) { if (!live.has(id)) rows.delete(id); });
    thumbs.forEach(function (url, id) { if (!files.has(id)) { URL.revokeObjectURL(url); thumbs.delete(id); } });
    setText($("ck-count"), String(shown));
    renderSheetMedia();
    renderTallies();
    renderStatus();
  }

  function renderTallies() {
    if (!itemsForm) return;
    var counts = {};
    var add = function (item, w) { var k = item + ":" + (w || 0); counts[k] = (counts[k] || 0) + 1; };
    findings.forEach(function (f) { if (!f.withdrawn) add(f.item, f.window); });
    serverRows.forEach(function (r) { if (!findings.has(r.client_id) && r.status === "active") add(r.item, r.window); });
    var w = select && select.value ? Number(select.value) : -1;
    itemsForm.querySelectorAll(".ck-item").forEach(function (button) {
      var n = counts[button.value + ":" + w] || 0;
      var tally = button.querySelector(".ck-tally") || button.querySelector(".ck-code").appendChild(el("span", "ck-tally"));
      tally.textContent = n ? "×" + n : "";
    });
  }

  function pendingCount() {
    var n = visits.length;
    findings.forEach(function (f) { if (f.synced_rev < f.rev) n += 1; });
    files.forEach(function (x) { if (!x.synced) n += 1; });
    return n;
  }

  var statusNote = "";
  var authLost = false;
  function flashStatus(text) { statusNote = text; renderStatus(); setTimeout(function () { statusNote = ""; renderStatus(); }, 4000); }

  function renderStatus() {
    var box = $("ck-sync");
    var n = pendingCount();
    box.hidden = false;
    box.classList.toggle("is-pending", n > 0);
    box.classList.toggle("is-offline", !navigator.onLine);
    var text = n ? MSG.nPending.replace("{n}", n) : MSG.allSaved;
    if (!navigator.onLine) text = MSG.offline + (n ? " · " + text : "");
    else if (authLost) text = MSG.loginExpired + (n ? " · " + text : "");
    // Waiting records: a jump to the list. All saved: plain words, nothing to tap.
    var shown = box.firstChild;
    var tag = n ? "A" : "SPAN";
    if (!shown || shown.tagName !== tag) {
      shown = el(tag.toLowerCase(), "ck-sync-text");
      if (n) shown.href = "#ck-recorded";
      box.textContent = "";
      box.appendChild(shown);
    }
    setText(shown, statusNote || text);
    root.dataset.pending = String(n);
    renderSubmit();
  }

  /** Nothing recorded yet (no finding, no window marked clean, here or on the server): the submit
   * button is off and says why. */
  var visitedOnServer = 0;
  function hasRecords() {
    var local = Array.from(findings.values()).some(function (f) { return !f.withdrawn; });
    var server = serverRows.some(function (r) { return r.status === "active"; });
    return local || server || visits.length > 0 || visitedOnServer > 0;
  }

  function renderSubmit() {
    var button = $("ck-submit-button");
    if (!button) return;
    var empty = !hasRecords();
    if (button.disabled !== empty) button.disabled = empty;
    $("ck-submit-reason").hidden = !empty;
  }

  // ------------------------------------------------------------------ sync: one request at a time

  var timer = null, attempt = 0, syncing = false;
  var inflight = null; // { controller, started } of the request being sent
  var SEND_TIMEOUT = Number(root.dataset.sendTimeout) || 30000;

  function scheduleSync(delay) {
    clearTimeout(timer);
    timer = setTimeout(sync, delay);
  }

  function backoff() {
    attempt += 1;
    var delay = Math.min(30000, 1000 * Math.pow(2, attempt - 1));
    scheduleSync(delay / 2 + Math.random() * delay / 2);
  }

  function nextJob() {
    var queue = Array.from(findings.values()).filter(function (f) {
      return f.synced_rev < f.rev && f.error_rev !== f.rev;
    }).sort(function (a, b) { return a.recorded_at - b.recorded_at; });
    if (queue.length) return { kind: "finding", record: queue[0] };
    var ready = Array.from(files.values()).filter(function (x) {
      var f = findings.get(x.finding);
      return !x.synced && !x.error && (!f || (f.synced_rev > 0 && !f.withdrawn));
    });
    if (ready.length) return { kind: "file", record: ready[0] };
    return visits.length ? { kind: "visit", record: { client_id: "visit:" + visits[0], window: visits[0] } } : null;
  }

  function sync() {
    if (syncing) return;
    var job = nextJob();
    if (!job) { attempt = 0; renderStatus(); return; }
    if (!navigator.onLine) { renderStatus(); scheduleSync(15000); return; } // the "online" event restarts it
    syncing = true;
    sendingId = job.record.client_id;
    render();
    var run = job.kind === "finding" ? sendFinding(job.record)
      : job.kind === "file" ? sendFile(job.record) : sendVisit(job.record);
    run.catch(function () { return "retry"; }).then(function (outcome) {
      syncing = false;
      inflight = null;
      sendingId = null;
      render();
      if (outcome === "retry") backoff();
      else { attempt = 0; scheduleSync(0); }
    });
  }

  /** A POST that cannot hang the queue: it is aborted after a time that grows with the upload
   * (data-send-timeout, 30 s by default, plus 40 ms per KB, i.e. a 25 KB/s network), and by unstick(). An aborted send is
   * retried; the client ids make a request that did arrive harmless to repeat. */
  function post(url, body, headers) {
    headers = Object.assign({ "X-CSRFToken": csrfToken }, headers || {});
    var controller = new AbortController();
    var file = body instanceof FormData ? body.get("file") : null;
    setTimeout(function () { controller.abort(); }, SEND_TIMEOUT + (file ? file.size / 25 : 0));
    inflight = { controller: controller, started: Date.now() };
    return fetch(url, { method: "POST", body: body, headers: headers, credentials: "same-origin", redirect: "manual",
      signal: controller.signal });
  }

  /** Coming back online or to the page: a send that has been waiting for a while is given up
   * and started again at once (on a weak network the old connection may never answer). */
  function unstick() {
    if (inflight && Date.now() - inflight.started > 5000) inflight.controller.abort();
    attempt = 0;
    scheduleSync(0);
  }

  /** "done", "retry" (network, server trouble, expired login) or "failed" (the server said no;
   * kept on the phone with the reason, tried again when the page is next opened). */
  function classify(response, retriedCsrf, again) {
    if (response.type === "opaqueredirect" || response.status === 401) {
      authLost = true; // the session ended: the records wait on the phone until the next login
      return Promise.resolve({ outcome: "retry" });
    }
    authLost = false;
    var json = (response.headers.get("Content-Type") || "").indexOf("application/json") >= 0;
    if (response.status >= 500 || response.status === 429) {
      // Server trouble (a full disk, a busy database): say so, keep the record, try again later.
      if (!json) return Promise.resolve({ outcome: "retry" });
      return response.json().then(function (body) {
        if (body && body.error) flashStatus(body.error);
        return { outcome: "retry" };
      }, function () { return { outcome: "retry" }; });
    }
    if (response.status === 400 && !retriedCsrf && (!json || response.headers.get("X-CSRF-Expired"))) {
      // Most likely an expired CSRF token on a page restored from the offline cache.
      return refreshState().then(again, function () { return { outcome: "retry" }; });
    }
    if (!json && response.ok) return Promise.resolve({ outcome: "retry" }); // a captive portal page …
    if (!json) {
      var reason = response.status === 413 ? MSG.tooLarge : "HTTP " + response.status;
      return Promise.resolve({ outcome: "failed", body: { error: reason }, status: response.status });
    }
    return response.json().then(function (body) { return { outcome: response.ok ? "done" : "failed", body: body, status: response.status }; });
  }

  /** The one send routine: `request()` makes the POST; its answer is classified, and an expired
   * CSRF token gets a fresh one and one more try. Resolves to {outcome, body, status}; a network
   * error or an aborted send is a "retry". */
  function send(request) {
    var once = function (retriedCsrf) {
      return request().then(function (response) {
        return classify(response, retriedCsrf, function () { return once(true); });
      });
    };
    return once(false).catch(function () { return { outcome: "retry" }; });
  }

  var JSON_TYPE = { "Content-Type": "application/json" };

  function sendFinding(f) {
    var sentRev = f.rev;
    unsaved.delete(f.client_id); // what is sent is stored below, with its answer
    var mark = f.attempted ? Promise.resolve() : (f.attempted = true, putRecord("findings", f));
    var body = function () {
      return JSON.stringify({
        client_id: f.client_id, rev: sentRev, item: f.item, window: f.window, staff_no: f.staff_no,
        severity: f.severity, note: f.note, sentence: f.sentence, sentence_auto: f.sentence_auto,
        withdrawn: f.withdrawn, recorded_at: f.recorded_at, sent_at: Date.now(),
      });
    };
    return mark.then(function () { return send(function () { return post(root.dataset.apiFinding, body(), JSON_TYPE); }); })
      .then(function (result) {
        if (result.outcome === "done" && result.body) {
          f.synced_rev = Math.max(f.synced_rev, sentRev);
          f.error = null;
          if (f.rev === sentRev && f.sentence_auto && result.body.sentence) {
            f.sentence = result.body.sentence;
            if (openId === f.client_id) $("ck-f-sentence").value = f.sentence;
          }
          return putRecord("findings", f).then(function () { return "done"; });
        }
        if (result.outcome === "failed") {
          f.error = (result.body && result.body.error) || String(result.status);
          f.error_rev = sentRev;
          return putRecord("findings", f).then(function () { return "failed"; });
        }
        return result.outcome;
      });
  }

  function sendFile(x) {
    var form = new FormData();
    form.append("client_id", x.client_id);
    form.append("captured_at", String(x.captured_at));
    form.append("file", x.blob, x.name);
    var url = root.dataset.apiEvidence.replace("CLIENT_ID", encodeURIComponent(x.finding));
    return send(function () { return post(url, form); })
      .then(function (result) {
        if (result.outcome === "done" && result.body) {
          x.synced = true;
          x.error = null;
          return putRecord("files", x).then(function () { return "done"; });
        }
        if (result.outcome === "failed") {
          var f = findings.get(x.finding);
          if (result.body && result.body.code === "finding_unknown" && f) {
            f.synced_rev = 0; // the server lost track of it: send the finding again first
            return putRecord("findings", f).then(function () { return "done"; });
          }
          x.error = (result.body && result.body.error) || String(result.status);
          return putRecord("files", x).then(function () { return "failed"; });
        }
        return result.outcome;
      });
  }

  function saveVisits() { return setPref("visits:" + INSPECTION, visits.slice()); }

  function markClean() {
    var w = Number(select.value);
    if (!w) return;
    if (visits.indexOf(w) < 0) visits.push(w);
    saveVisits().then(function () { flashStatus(MSG.cleanNoted); scheduleSync(0); });
  }

  function sendVisit(v) {
    var done = function (stored) {
      visits = visits.filter(function (w) { return w !== v.window; });
      if (stored) visitedOnServer += 1;
      return saveVisits().then(function () { return "done"; });
    };
    return send(function () { return post($("ck-clean").dataset.api, JSON.stringify({ window: v.window }), JSON_TYPE); })
      .then(function (result) {
        if (result.outcome === "done" && result.body) return done(true);
        if (result.outcome === "failed") return done(false); // e.g. published meanwhile: nothing to keep
        return result.outcome;
      });
  }

  /** Ask the server what it holds: marks records saved whose answer was lost, gets a fresh token. */
  function refreshState() {
    var controller = new AbortController();
    setTimeout(function () { controller.abort(); }, 15000); // never waits on a dead connection
    return fetch(root.dataset.apiState, { credentials: "same-origin", redirect: "manual", signal: controller.signal })
      .then(function (response) {
        authLost = response.type === "opaqueredirect";
        if (!response.ok) throw new Error("state " + response.status);
        return response.json();
      })
      .then(function (state) {
        csrfToken = state.csrf_token || csrfToken;
        if (typeof state.visited === "number") visitedOnServer = state.visited;
        var writes = [];
        serverRows = state.findings;
        state.findings.forEach(function (row) {
          var f = findings.get(row.client_id);
          if (f && row.rev > f.synced_rev) {
            f.synced_rev = Math.min(row.rev, f.rev);
            writes.push(putRecord("findings", f));
          }
          (row.evidence || []).forEach(function (id) {
            var x = files.get(id);
            if (x && !x.synced) { x.synced = true; writes.push(putRecord("files", x)); }
          });
        });
        return Promise.all(writes).then(render);
      });
  }

  // ------------------------------------------------------------------ offline page (service worker)

  function registerWorker() {
    if (!("serviceWorker" in navigator) || !root.dataset.sw) return;
    // Decided now, before registering: clients.claim() may make this page controlled any moment.
    var servedByWorker = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.register(root.dataset.sw).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      // A page that came through the worker is already cached with its files; a first visit is not.
      var urls = servedByWorker ? [] : [location.pathname];
      if (urls.length) {
        document.querySelectorAll('link[rel="stylesheet"], link[rel="icon"], script[src]').forEach(function (node) {
          urls.push(node.href || node.src);
        });
      }
      var channel = new MessageChannel();
      channel.port1.onmessage = function (e) { if (e.data === "cached") root.dataset.offlineReady = "1"; };
      registration.active.postMessage({ type: "precache", urls: urls }, [channel.port2]);
    }).catch(function () { /* no offline page; the draft in IndexedDB still survives */ });
  }

  // ------------------------------------------------------------------ start

  function start() {
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist();
    registerWorker();
    if (select) {
      select.addEventListener("change", function () { chooseWindow(select.value, true); });
      itemsForm.addEventListener("submit", function (e) { e.preventDefault(); });
      itemsForm.querySelectorAll(".ck-item").forEach(function (button) {
        button.addEventListener("click", function (e) { e.preventDefault(); recordTap(button); });
      });
      bindSheet();
    }
    var submit = $("ck-submit");
    if (submit) {
      visitedOnServer = Number($("ck-submit-button").dataset.visited) || 0;
      submit.addEventListener("submit", function (e) {
        if (!hasRecords()) e.preventDefault();
        else if (pendingCount()) { e.preventDefault(); flashStatus(MSG.unsyncedSubmit); }
        else if (!navigator.onLine) { e.preventDefault(); flashStatus(MSG.offlineSubmit); }
      });
    }
    var clean = $("ck-clean");
    if (clean) clean.addEventListener("submit", function (e) { e.preventDefault(); markClean(); });
    window.addEventListener("online", function () { refreshState().catch(function () {}); unstick(); });
    window.addEventListener("offline", renderStatus);
    document.addEventListener("visibilitychange", function () { if (document.hidden) flushTyping(); else unstick(); });
    window.addEventListener("pagehide", flushTyping);
    window.addEventListener("pageshow", function (e) { if (e.persisted) unstick(); });

    document.querySelectorAll("#ck-list li[data-client-id]").forEach(function (li) {
      serverRows.push({ client_id: li.dataset.clientId, status: "active", item: Number(li.dataset.item),
        window: li.dataset.window ? Number(li.dataset.window) : null,
        sentence: li.querySelector(".ck-sentence").textContent, evidence: [] });
    });
    Promise.all([loadAll("findings"), loadAll("files"), getPref("window:" + INSPECTION),
      getPref("visits:" + INSPECTION)]).then(function (loaded) {
      visits = loaded[3] || [];
      loaded[0].forEach(function (f) { f.error_rev = 0; findings.set(f.client_id, f); });
      loaded[1].forEach(function (x) { x.error = null; files.set(x.client_id, x); });
      var fromUrl = new URL(location.href).searchParams.get("window");
      if (select) chooseWindow(fromUrl !== null && fromUrl !== "" ? fromUrl : (loaded[2] || select.value), false);
      render();
      root.dataset.ready = "1";
      refreshState().catch(function () {}).then(function () { scheduleSync(0); });
    });
  }

  start();
})();
