"""Every page and form, as every role, on a 390 px phone: nothing wider than the screen
(`document.documentElement.scrollWidth <= innerWidth`), and every visible checkbox or radio a tap
target of at least 44 px (with its label).

The pages are those of the IDOR matrix (tests/security/test_scope_matrix.RULES), filled with the
role's own district of the two-district world; those answering 200 with HTML (checked first with the
test client, cheap) are opened in Chromium with the role's session.
"""

import os
from urllib.parse import urlencode

from django.test import Client
from django.urls import reverse

from tests.security.conftest import media, primary_only, world  # noqa: F401 (fixtures)
from tests.security.test_scope_matrix import RULES

PHONE = {"width": 390, "height": 844}
# PHONE_ROLES=cadre_a1 PHONE_PAGES=/cam-ket/ narrow a run by hand (the default: everything).
BROWSER_ROLES = os.environ.get("PHONE_ROLES", "office,leader_a,cadre_a1,secretary_a1,agency_a").split(",")

OVERFLOW_JS = """() => {
  const w = window.innerWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > w + 1 && r.width > 0) {
      let p = el.parentElement, clipped = false;
      while (p) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') { clipped = true; break; } p = p.parentElement; }
      if (!clipped) wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '') + ' ' + Math.round(r.right));
    }
  }
  return {scroll: document.documentElement.scrollWidth, inner: w, wide: wide.slice(0, 5)};
}"""

TAP_JS = """() => {
  const small = [];
  for (const box of document.querySelectorAll('input[type=checkbox], input[type=radio]')) {
    const r = box.getBoundingClientRect();
    if (!r.width || getComputedStyle(box).visibility === 'hidden') continue;
    const label = box.closest('label') || (box.id && document.querySelector(`label[for="${box.id}"]`));
    const lr = label ? label.getBoundingClientRect() : r;
    if (Math.max(r.height, lr.height) < 44) small.push((box.name || box.id) + ' ' + Math.round(Math.max(r.height, lr.height)));
  }
  return small.slice(0, 5);
}"""


def _url(label, rule, w, d):
    name = label.split("?")[0].split("/")[0]
    kwargs = rule.kwargs(w, d) if rule.kwargs else {}
    url = reverse(name, args=kwargs["__args__"]) if "__args__" in kwargs else reverse(name, kwargs=kwargs)
    if rule.query:
        url += "?" + urlencode(rule.query(w, d))
    return url


def _pages_for(role, user, w):
    """The HTML pages `role` opens with a 200, in their own district (district A for the office)."""
    client = Client()
    client.force_login(user)
    d = w.districts[w.home(role) or "A"]
    urls = []
    for label, rule in RULES.items():
        if rule.kind not in ("list", "object", "office") or label.startswith("admin:"):
            continue
        url = _url(label, rule, w, d)
        if "export=" in url or url in urls or os.environ.get("PHONE_PAGES", "/") not in url:
            continue
        r = client.get(url)
        if r.status_code == 200 and r.get("Content-Type", "").startswith("text/html"):
            urls.append(url)
    return client, urls


def test_every_page_fits_a_390px_phone_for_every_role(browser, live_server, world, primary_only):  # noqa: F811
    failures, seen = [], 0
    for role in BROWSER_ROLES:
        user = world.users[role]
        client, urls = _pages_for(role, user, world)
        assert len(urls) >= (8 if "PHONE_PAGES" not in os.environ else 1), f"{role} opens only {urls}"
        # Not `is_mobile`: mobile emulation widens the layout viewport to fit wide content (innerWidth
        # grows with it), which would hide exactly the overflow looked for.
        context = browser.new_context(locale="vi-VN", viewport=PHONE, has_touch=True)
        context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
        )
        page = context.new_page()
        for url in urls:
            page.goto(live_server.url + url, wait_until="domcontentloaded")
            seen += 1
            size = page.evaluate(OVERFLOW_JS)
            if size["scroll"] > min(size["inner"], PHONE["width"]):
                failures.append(f"{role} {url}: {size['scroll']} px > {size['inner']} ({', '.join(size['wide'])})")
            small = page.evaluate(TAP_JS)
            if small:
                failures.append(f"{role} {url}: tap targets under 44 px: {small}")
        context.close()
    assert seen > (50 if "PHONE_PAGES" not in os.environ else 0)
    assert failures == [], "\n".join(failures)
