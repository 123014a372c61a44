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
  var objectUrls = [];

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
    return d.getUTCHours() + ":" + String(d.getUTCMinutes()).padStart(2, "0");
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
    return putRecord("findings", f).then(function () { render(); scheduleSync(600); });
  }

  function change(f, fields) {
    Object.assign(f, fields);
    f.rev += 1;
    if (f.sentence_auto) f.sentence = word(f);
    return saveFinding(f);
  }

  function withdraw(f) {
    if (!window.confirm(MSG.confirmWithdraw)) return;
    closeSheet();
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

  function closeSheet() { sheet.hidden = true; openId = null; }

  function bindSheet() {
    var current = function () { return findings.get(openId); };
    $("ck-f-sentence").addEventListener("input", function (e) {
      var text = e.target.value.trim();
      change(current(), { sentence: e.target.value, sentence_auto: !text });
    });
    $("ck-f-staff").addEventListener("input", function (e) {
      var f = current();
      change(f, { staff_no: e.target.value.trim() }).then(function () {
        if (f.sentence_auto) $("ck-f-sentence").value = f.sentence;
      });
    });
    $("ck-f-note").addEventListener("input", function (e) { change(current(), { note: e.target.value }); });
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

  function mediaList(clientId, small) {
    var list = el("ul", "ck-media");
    files.forEach(function (x) {
      if (x.finding !== clientId) return;
      var li = el("li");
      li.dataset.fileId = x.client_id;
      if (x.kind === "photo") {
        var img = el("img");
        var url = URL.createObjectURL(x.blob);
        objectUrls.push(url);
        img.src = url;
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

  function renderSheetMedia() {
    if (!openId) return;
    var holder = $("ck-f-media");
    holder.replaceWith(Object.assign(mediaList(openId), { id: "ck-f-media" }));
  }

  function render() {
    objectUrls.forEach(URL.revokeObjectURL);
    objectUrls = [];
    var list = $("ck-list");
    list.textContent = "";
    var mine = Array.from(findings.values()).filter(function (f) { return !(f.withdrawn && f.synced_rev >= f.rev); });
    mine.sort(function (a, b) { return b.recorded_at - a.recorded_at; });
    var shown = 0;
    mine.forEach(function (f) {
      var li = el("li", "ck-finding" + (f.withdrawn ? " is-withdrawn" : ""));
      li.dataset.clientId = f.client_id;
      var open = el("button", "ck-open");
      open.type = "button";
      open.appendChild(el("p", "ck-sentence", f.sentence));
      var meta = el("p", "ck-meta");
      var state = findingState(f);
      meta.appendChild(el("span", "ck-state " + state[0], f.withdrawn ? MSG.withdrawn + " · " + state[1] : state[1]));
      meta.appendChild(document.createTextNode(" · " + (SEVERITY[f.severity] || "")));
      open.appendChild(meta);
      open.addEventListener("click", function () { openSheet(f.client_id); });
      li.appendChild(open);
      li.appendChild(mediaList(f.client_id, true));
      list.appendChild(li);
      shown += f.withdrawn ? 0 : 1;
    });
    serverRows.forEach(function (row) {
      if (findings.has(row.client_id) || row.status !== "active") return;
      var li = el("li", "ck-finding");
      li.dataset.clientId = row.client_id;
      li.appendChild(el("p", "ck-sentence", row.sentence));
      var meta = el("p", "ck-meta");
      meta.appendChild(el("span", "ck-state ck-saved", MSG.saved));
      if (row.evidence && row.evidence.length) meta.appendChild(document.createTextNode(" · " + MSG.photo + " " + row.evidence.length));
      li.appendChild(meta);
      list.appendChild(li);
      shown += 1;
    });
    if (!shown && !mine.length) list.appendChild(el("li", "ck-empty", MSG.empty));
    $("ck-count").textContent = String(shown);
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
    box.textContent = "";
    var link = el("a", "", statusNote || text);
    link.href = "#ck-recorded";
    box.appendChild(link);
    root.dataset.pending = String(n);
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
    run.then(function (outcome) {
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

  function sendFinding(f, retriedCsrf) {
    var sentRev = f.rev;
    var mark = f.attempted ? Promise.resolve() : (f.attempted = true, putRecord("findings", f));
    var body = JSON.stringify({
      client_id: f.client_id, rev: sentRev, item: f.item, window: f.window, staff_no: f.staff_no,
      severity: f.severity, note: f.note, sentence: f.sentence, sentence_auto: f.sentence_auto,
      withdrawn: f.withdrawn, recorded_at: f.recorded_at, sent_at: Date.now(),
    });
    return mark.then(function () { return post(root.dataset.apiFinding, body, { "Content-Type": "application/json" }); })
      .then(function (response) {
        return classify(response, retriedCsrf, function () { return sendFinding(f, true).then(function (o) { return { outcome: o }; }); });
      })
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
      }, function () { return "retry"; });
  }

  function sendFile(x, retriedCsrf) {
    var form = new FormData();
    form.append("client_id", x.client_id);
    form.append("captured_at", String(x.captured_at));
    form.append("file", x.blob, x.name);
    var url = root.dataset.apiEvidence.replace("CLIENT_ID", encodeURIComponent(x.finding));
    return post(url, form)
      .then(function (response) {
        return classify(response, retriedCsrf, function () { return sendFile(x, true).then(function (o) { return { outcome: o }; }); });
      })
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
      }, function () { return "retry"; });
  }

  function saveVisits() { return setPref("visits:" + INSPECTION, visits.slice()); }

  function markClean() {
    var w = Number(select.value);
    if (!w) return;
    if (visits.indexOf(w) < 0) visits.push(w);
    saveVisits().then(function () { flashStatus(MSG.cleanNoted); scheduleSync(0); });
  }

  function sendVisit(v, retriedCsrf) {
    var done = function () {
      visits = visits.filter(function (w) { return w !== v.window; });
      return saveVisits().then(function () { return "done"; });
    };
    return post($("ck-clean").dataset.api, JSON.stringify({ window: v.window }), { "Content-Type": "application/json" })
      .then(function (response) {
        return classify(response, retriedCsrf, function () { return sendVisit(v, true).then(function (o) { return { outcome: o }; }); });
      })
      .then(function (result) {
        if (result.outcome === "done" && result.body) return done();
        if (result.outcome === "failed") return done(); // e.g. published meanwhile: nothing to keep
        return result.outcome;
      }, function () { return "retry"; });
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
      submit.addEventListener("submit", function (e) {
        if (pendingCount()) { e.preventDefault(); flashStatus(MSG.unsyncedSubmit); }
        else if (!navigator.onLine) { e.preventDefault(); flashStatus(MSG.offlineSubmit); }
      });
    }
    var clean = $("ck-clean");
    if (clean) clean.addEventListener("submit", function (e) { e.preventDefault(); markClean(); });
    window.addEventListener("online", function () { refreshState().catch(function () {}); unstick(); });
    window.addEventListener("offline", renderStatus);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) unstick(); });
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
