// Progressive enhancement of /e/<token>; the page works without it.
(function () {
  var form = document.getElementById("ev");
  if (!form) return;
  // Reasons of a level you moved away from are hidden: untick them so they are not sent.
  form.addEventListener("change", function (e) {
    if (!e.target.classList.contains("lv")) return;
    var groups = form.querySelectorAll(".g");
    for (var i = 0; i < groups.length; i++) {
      if (groups[i].classList.contains("g" + e.target.value)) continue;
      var boxes = groups[i].querySelectorAll("input");
      for (var j = 0; j < boxes.length; j++) boxes[j].checked = false;
    }
  });
  // A second tap while the first is on its way does nothing (the server is idempotent anyway).
  form.addEventListener("submit", function () {
    var button = form.querySelector(".btn");
    setTimeout(function () { button.disabled = true; }, 0);
  });
  window.addEventListener("pageshow", function () { form.querySelector(".btn").disabled = false; });
})();
