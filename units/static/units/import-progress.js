// Polls the progress fragment of a background roster import; reloads the page when it ends.
(function () {
  var script = document.currentScript;
  var url = script.dataset.url;
  function poll() {
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var box = document.getElementById("import-progress");
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.firstElementChild;
        if (!fresh || !fresh.dataset.running) { window.location.reload(); return; }
        if (box) { box.replaceWith(fresh); }
        setTimeout(poll, 1500);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1500);
})();
