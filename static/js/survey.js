// Progressive enhancement of /q/<token>; every page works without it.
// What is typed on a page is kept in this phone's storage until the page is sent, so a reload or
// a language switch before sending loses nothing; the thank-you page clears it.
(function () {
  var store; try { store = window.localStorage; } catch (e) { return; }
  var done = document.getElementById("sv-done");
  if (done && store) {
    var prefix = "sv:" + done.getAttribute("data-store") + ":";
    for (var i = store.length - 1; i >= 0; i--) { var k = store.key(i); if (k && k.indexOf(prefix) === 0) store.removeItem(k); }
    return;
  }
  var form = document.getElementById("sv");
  if (!form || !store) return;
  var slot = "sv:" + form.getAttribute("data-store");
  var fields = form.querySelectorAll("input[name^=Q],textarea[name^=Q],select[name^=Q]");
  function save() {
    var data = {};
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if ((f.type === "radio" || f.type === "checkbox")) { if (f.checked) (data[f.name] = data[f.name] || []).push(f.value); }
      else if (f.value) data[f.name] = [f.value];
    }
    try { store.setItem(slot, JSON.stringify(data)); } catch (e) {}
  }
  var saved; try { saved = JSON.parse(store.getItem(slot) || "null"); } catch (e) { saved = null; }
  var blank = true;
  for (var i = 0; i < fields.length; i++) {
    var f = fields[i];
    if ((f.type === "radio" || f.type === "checkbox") ? f.checked : f.value) { blank = false; break; }
  }
  if (saved && blank) {
    for (var j = 0; j < fields.length; j++) {
      var g = fields[j], v = saved[g.name];
      if (!v) continue;
      if (g.type === "radio" || g.type === "checkbox") g.checked = v.indexOf(g.value) >= 0; else g.value = v[0];
    }
  }
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  // A second tap while the first is on its way does nothing (the server is idempotent anyway).
  form.addEventListener("submit", function () {
    var buttons = form.querySelectorAll("button");
    setTimeout(function () { for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true; }, 0);
  });
  window.addEventListener("pageshow", function () {
    var buttons = form.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = false;
  });
})();
