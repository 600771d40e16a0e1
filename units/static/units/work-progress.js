// Progress of work done while the page waits (an export being written, an uploaded file being
// checked): the link or form marked data-work-progress sends a token it makes up ("jeton"), and
// this script polls /don-vi/tien-do/<token>/ for the phase and counts, shown under the link or
// form with the seconds elapsed. Without JavaScript the link and the form work as before.
(function () {
  "use strict";
  var script = document.currentScript;
  var urlFor = function (token) { return script.dataset.url.replace("TOKEN", token); };
  var starting = script.dataset.starting || "…";
  var seconds = script.dataset.seconds || "s";

  function token() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function box(after) {
    var el = document.createElement("div");
    el.className = "work-progress";
    el.setAttribute("role", "status");
    el.setAttribute("aria-live", "polite");
    el.dataset.testid = "work-progress";
    el.innerHTML = '<p class="work-progress-text"></p><progress></progress>';
    after.insertAdjacentElement("afterend", el);
    return el;
  }

  function watch(el, tok) {
    var started = Date.now();
    var text = el.querySelector(".work-progress-text");
    var bar = el.querySelector("progress");
    text.textContent = starting;
    function poll() {
      var elapsed = Math.round((Date.now() - started) / 1000) + " " + seconds;
      fetch(urlFor(tok), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (s) {
          if (!s) { text.textContent = starting + " (" + elapsed + ")"; }
          else {
            var counts = s.total ? ": " + s.done.toLocaleString(document.documentElement.lang) + " / " + s.total.toLocaleString(document.documentElement.lang) : "";
            text.textContent = s.label + (s.detail ? " (" + s.detail + ")" : "") + counts + " · " + elapsed;
            if (s.percent !== null && s.percent !== undefined) { bar.max = 100; bar.value = s.percent; }
            else { bar.removeAttribute("value"); }
            el.dataset.phase = s.phase;
            if (s.phase === "done") { bar.max = 100; bar.value = 100; return; }
          }
          setTimeout(poll, 700);
        })
        .catch(function () { setTimeout(poll, 1500); });
    }
    setTimeout(poll, 300);
  }

  document.querySelectorAll("a[data-work-progress]").forEach(function (link) {
    link.addEventListener("click", function (e) {
      if (e.ctrlKey || e.metaKey || e.shiftKey) return;
      e.preventDefault();
      var tok = token();
      var old = link.parentElement.querySelector(".work-progress");
      if (old) old.remove();
      var el = box(link);
      window.location.href = link.href + (link.href.indexOf("?") < 0 ? "?" : "&") + "jeton=" + tok;
      watch(el, tok);
    });
  });
  document.querySelectorAll("form[data-work-progress]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var tok = token();
      var input = form.querySelector("input[name=jeton]") || document.createElement("input");
      input.type = "hidden";
      input.name = "jeton";
      input.value = tok;
      form.appendChild(input);
      var button = form.querySelector("button[type=submit]");
      var el = box(button || form);
      if (button) { setTimeout(function () { button.disabled = true; }, 0); }
      watch(el, tok);
    });
  });
})();
