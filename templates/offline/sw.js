{% load static %}// The service worker (served at /sw.js so that it controls the whole site): the pages with
// offline forms and the static files they need are kept in a cache, so the contact, petition and
// meeting forms open with no connection. Pages are fetched from the network first (always fresh
// when online) and from the cache only when the network fails. Nothing comes from another host.
// One worker for the site: Web Push (showing notices, opening their page) is the notifications
// app's script, loaded here so that a push subscription and the offline cache share one registration.
importScripts("{% static 'notifications/push-sw.js' %}");
const CACHE = "party-tracker-{{ version }}";
const PRECACHE = [
  "{% static 'css/app.css' %}",
  "{% static 'js/app.js' %}",
  "{% static 'js/offline.js' %}",
  "{% static 'assignments/assignments.css' %}",
  "{% static 'cells/cells.css' %}",
  "{% static 'img/icon-192.png' %}",
{% for url in pages %}  "{{ url }}",
{% endfor %}];
// Pages kept for offline use once visited (the forms' own pages).
const OFFLINE_PAGES = [{% for pattern in page_patterns %}new RegExp({{ pattern|safe }}), {% endfor %}];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // One by one: a page this user may not open (403) is simply not kept.
      Promise.all(PRECACHE.map((url) => fetch(url, { credentials: "same-origin" })
        .then((response) => (response.ok && !response.redirected ? cache.put(url, response) : null))
        .catch(() => null))),
    ).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("party-tracker-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("{{ static_prefix }}")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
    return;
  }
  if (request.mode !== "navigate") return;
  const keep = OFFLINE_PAGES.some((re) => re.test(url.pathname));
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (keep && response.ok && !response.redirected) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(url.pathname + url.search, copy));
        }
        return response;
      })
      .catch(() => caches.match(url.pathname + url.search).then((hit) => hit || caches.match(url.pathname)).then(
        (hit) => hit || new Response("{{ offline_text|escapejs }}", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } }),
      )),
  );
});
