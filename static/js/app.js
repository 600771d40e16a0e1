// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
// Signed out (no offline client on the page): the pages kept for offline use are removed from this
// device (static/js/offline.js keeps them only for a signed-in person). Unsent drafts stay.
if (!document.getElementById("offline-ui") && window.caches && document.querySelector('a[href*="dang-nhap"]')) {
  caches.keys().then((keys) => keys.filter((k) => k.startsWith("party-tracker-")).forEach((k) => caches.delete(k)));
}
