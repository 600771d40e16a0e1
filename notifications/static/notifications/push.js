// Web Push on the notification settings page: subscribe this browser with the server's VAPID key,
// send the subscription to the server, or unsubscribe. Our own code, no library, no CDN.
(function () {
  "use strict";
  var box = document.getElementById("push-box");
  if (!box) return;
  var status = document.getElementById("push-status");
  var on = document.getElementById("push-on");
  var off = document.getElementById("push-off");
  var d = box.dataset;

  function say(text) { status.textContent = text; }
  function keyBytes(base64url) {
    var pad = "=".repeat((4 - (base64url.length % 4)) % 4);
    var raw = atob((base64url + pad).replace(/-/g, "+").replace(/_/g, "/"));
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": d.csrf},
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) throw new Error((data.error && data.error.message) || d.msgFailed);
        return data;
      });
    });
  }
  function show(subscribed) {
    on.hidden = subscribed; off.hidden = !subscribed;
    say(subscribed ? d.msgOn : d.msgOff);
  }
  if (!("serviceWorker" in navigator) || !("PushManager" in window)) { say(d.msgUnsupported); return; }
  if (window.Notification && Notification.permission === "denied") { say(d.msgDenied); return; }

  var ready = navigator.serviceWorker.register(d.sw, {scope: d.scope});
  ready.then(function (reg) { return reg.pushManager.getSubscription(); })
    .then(function (sub) {
      if (sub) return post(d.subscribe, sub.toJSON()).then(function () { show(true); });
      show(false);
    })
    .catch(function () { show(false); });

  on.addEventListener("click", function () {
    ready.then(function (reg) {
      return reg.pushManager.subscribe({userVisibleOnly: true, applicationServerKey: keyBytes(d.vapidKey)});
    }).then(function (sub) { return post(d.subscribe, sub.toJSON()); })
      .then(function () { show(true); })
      .catch(function (err) {
        say(window.Notification && Notification.permission === "denied" ? d.msgDenied : (err.message || d.msgFailed));
      });
  });
  off.addEventListener("click", function () {
    ready.then(function (reg) { return reg.pushManager.getSubscription(); })
      .then(function (sub) {
        if (!sub) return show(false);
        return post(d.unsubscribe, {endpoint: sub.endpoint})
          .then(function () { return sub.unsubscribe(); })
          .then(function () { show(false); });
      })
      .catch(function (err) { say(err.message || d.msgFailed); });
  });
})();
