// Report page: photos are made smaller on the phone before they are sent (longest side at most
// data-downscale pixels, JPEG), so a report with many photos stays under the upload limit. Without
// JavaScript, or where the browser cannot, the original files are sent and checked on the server.
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form || !window.DataTransfer || !window.createImageBitmap) { return; }
  var pending = 0;
  var buttons = form.querySelectorAll("button[type=submit]");

  function busy(delta) {
    pending += delta;
    buttons.forEach(function (b) { b.disabled = pending > 0; });
  }

  function shrink(file, side) {
    if (!/^image\/(jpeg|png|webp)$/.test(file.type)) { return Promise.resolve(file); }
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
      if (scale === 1 && file.size < 1500000) { return file; }
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          resolve(blob ? new File([blob], file.name.replace(/\.\w+$/, "") + ".jpg", {type: "image/jpeg"}) : file);
        }, "image/jpeg", 0.85);
      });
    }).catch(function () { return file; });
  }

  form.querySelectorAll("input[type=file][data-downscale]").forEach(function (input) {
    input.addEventListener("change", function () {
      var side = parseInt(input.getAttribute("data-downscale"), 10) || 2000;
      var files = Array.prototype.slice.call(input.files);
      if (!files.length) { return; }
      busy(1);
      Promise.all(files.map(function (f) { return shrink(f, side); })).then(function (small) {
        var transfer = new DataTransfer();
        small.forEach(function (f) { transfer.items.add(f); });
        input.files = transfer.files;
      }).finally(function () { busy(-1); });
    });
  });
}());
