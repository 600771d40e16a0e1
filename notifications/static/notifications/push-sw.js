// Web Push in the site's service worker (/sw.js, templates/offline/sw.js, loads this file with
// importScripts): shows each pushed notification and opens its page on click; when the browser renews
// or revokes the subscription, it subscribes again.
self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {body: event.data ? event.data.text() : ""}; }
  event.waitUntil(self.registration.showNotification(data.title || "Theo dõi nghị quyết", {
    body: data.body || "",
    data: {url: data.url || "/"},
    lang: "vi"
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/";
  event.waitUntil(self.clients.matchAll({type: "window"}).then(function (wins) {
    for (var i = 0; i < wins.length; i++) {
      if (wins[i].url === url && "focus" in wins[i]) return wins[i].focus();
    }
    return self.clients.openWindow(url);
  }));
});

// The browser renewed or revoked the subscription: subscribe again with the same key. The server
// forgets the old endpoint when its push service answers 404/410, and the settings page sends the new
// one on its next visit (a worker cannot send the page's CSRF token, so it does not post it itself).
self.addEventListener("pushsubscriptionchange", function (event) {
  var old = event.oldSubscription;
  if (!old || !old.options) return;
  event.waitUntil(self.registration.pushManager.subscribe(old.options).catch(function () {}));
});
