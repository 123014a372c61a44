// Inspector's home page: how many checklist records this phone still has to upload (the checklist
// page keeps them in IndexedDB until the server confirms them). Progressive enhancement only:
// without script the page still lists the inspections not yet submitted.
(function () {
  "use strict";
  var box = document.getElementById("outbox");
  if (!box || !window.indexedDB) return;
  var request = indexedDB.open("inspectapp-inspections", 1);
  // Never create the database here: if the checklist never ran on this phone there is nothing to count.
  request.onupgradeneeded = function () { request.transaction.abort(); };
  request.onsuccess = function () {
    var db = request.result;
    var pending = 0;
    var tx = db.transaction(["findings", "files"], "readonly");
    tx.objectStore("findings").openCursor().onsuccess = function (e) {
      var c = e.target.result;
      if (!c) return;
      if (c.value.synced_rev < c.value.rev) pending += 1;
      c.continue();
    };
    tx.objectStore("files").openCursor().onsuccess = function (e) {
      var c = e.target.result;
      if (!c) return;
      if (!c.value.synced) pending += 1;
      c.continue();
    };
    tx.oncomplete = function () {
      db.close();
      if (pending) {
        box.textContent = box.getAttribute("data-template").replace("N", String(pending));
        box.hidden = false;
      }
    };
  };
})();
