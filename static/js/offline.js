// Offline field capture (issue 17): forms marked data-offline (a cadre's contact and petition, a
// secretary's meeting with attendance) are kept as drafts in IndexedDB, each with a client id made
// here, and sent when the connection is there. The server stores a client id once (a replay finds
// the first row), so sending twice is harmless. A refusal (the unit closed meanwhile, the meeting's
// period locked) keeps the draft, shows the reason and lets the person reopen their text.
// No library: IndexedDB, fetch and the service worker (/sw.js) only.
(() => {
  "use strict";
  const DB = "party-tracker-offline";
  const STORE = "outbox";
  const ui = document.getElementById("offline-ui");
  if (!ui || !window.indexedDB) return;
  const t = (key) => ui.dataset[key] || key;

  if ("serviceWorker" in navigator && ui.dataset.sw) {
    navigator.serviceWorker.register(ui.dataset.sw, { scope: "/" }).catch(() => {});
  }

  function db() {
    return new Promise((resolve, reject) => {
      const open = indexedDB.open(DB, 1);
      open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: "id" });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
  }
  async function tx(mode, fn) {
    const conn = await db();
    return new Promise((resolve, reject) => {
      const store = conn.transaction(STORE, mode).objectStore(STORE);
      const req = fn(store);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  const put = (draft) => tx("readwrite", (s) => s.put(draft));
  const drop = (id) => tx("readwrite", (s) => s.delete(id));
  const all = () => tx("readonly", (s) => s.getAll());
  const get = (id) => tx("readonly", (s) => s.get(id));

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  // --- what the server said ------------------------------------------------------------------
  function reasons(html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const found = [...doc.querySelectorAll(".errorlist li, .nonfield li")].map((li) => li.textContent.trim());
    if (found.length) return [...new Set(found)];
    const main = doc.querySelector("main");
    return [main ? main.textContent.trim().slice(0, 300) : t("refused")];
  }

  function body(draft) {
    const data = new FormData();
    for (const [name, value] of draft.entries) data.append(name, value);
    return data;
  }

  // Send one draft. Returns "sent" (with the page to go to), "conflict" or "offline".
  async function send(draft) {
    let response;
    try {
      response = await fetch(draft.url, {
        method: "POST",
        body: body(draft),
        credentials: "same-origin",
        headers: { "X-Offline-Replay": "1" },
      });
    } catch (error) {
      return { state: "offline" };
    }
    const landed = new URL(response.url, location.href);
    if (response.redirected && landed.pathname.startsWith(ui.dataset.login)) {
      draft.state = "conflict";
      draft.reasons = [t("signin")];
      await put(draft);
      return { state: "conflict" };
    }
    if (response.redirected && response.ok) {
      await drop(draft.id);
      return { state: "sent", url: response.url, html: await response.text() };
    }
    if (response.status >= 500) return { state: "offline" }; // the server is down: try later
    draft.state = "conflict";
    draft.reasons = reasons(await response.text());
    await put(draft);
    return { state: "conflict" };
  }

  let flushing = false;
  async function flush() {
    if (flushing) return;
    flushing = true;
    let sent = 0;
    try {
      for (const draft of await all()) {
        if (draft.state !== "queued") continue;
        const result = await send(draft);
        if (result.state === "offline") break;
        if (result.state === "sent") sent += 1;
      }
    } finally {
      flushing = false;
    }
    if (sent) notice(t("sent").replace("{count}", sent), "success");
    await render();
  }

  // --- the page ---------------------------------------------------------------------------------
  function notice(text, kind) {
    let box = document.getElementById("offline-notice");
    if (!box) {
      box = document.createElement("p");
      box.id = "offline-notice";
      box.setAttribute("role", "status");
      box.dataset.testid = "offline-notice";
      document.querySelector("main").prepend(box);
    }
    box.className = `offline-notice msg-${kind}`;
    box.textContent = text;
  }

  function summary(draft) {
    const skip = new Set(["csrfmiddlewaretoken", "client_id"]);
    return draft.entries
      .filter(([name, value]) => !skip.has(name) && typeof value === "string" && value.trim())
      .map(([, value]) => value.trim())
      .join(" · ")
      .slice(0, 240);
  }

  async function render() {
    const panel = document.getElementById("outbox");
    if (!panel) return;
    const drafts = await all();
    panel.hidden = drafts.length === 0;
    const list = panel.querySelector("ul");
    list.replaceChildren();
    for (const draft of drafts) {
      const li = document.createElement("li");
      li.dataset.state = draft.state;
      li.dataset.testid = `draft-${draft.state}`;
      const head = document.createElement("strong");
      head.textContent = `${draft.title} — ${draft.state === "queued" ? t("queued") : t("conflict")}`;
      li.append(head, document.createElement("br"));
      const text = document.createElement("span");
      text.textContent = summary(draft);
      li.append(text);
      if (draft.reasons && draft.reasons.length) {
        const why = document.createElement("ul");
        why.className = "errorlist";
        for (const reason of draft.reasons) {
          const item = document.createElement("li");
          item.textContent = reason;
          why.append(item);
        }
        li.append(why);
      }
      const reopen = document.createElement("a");
      reopen.href = `${draft.page}#draft=${draft.id}`;
      reopen.textContent = t("reopen");
      const discard = document.createElement("button");
      discard.type = "button";
      discard.className = "linklike";
      discard.textContent = t("discard");
      discard.addEventListener("click", async () => {
        if (window.confirm(t("confirmdiscard"))) {
          await drop(draft.id);
          await render();
        }
      });
      li.append(" ", reopen, " · ", discard);
      list.append(li);
    }
  }

  // Put a draft's values back into its form (text, choices, checkboxes, photos).
  function refill(form, draft) {
    const values = new Map();
    for (const [name, value] of draft.entries) {
      if (!values.has(name)) values.set(name, []);
      values.get(name).push(value);
    }
    for (const field of form.elements) {
      if (!field.name || field.name === "csrfmiddlewaretoken" || !values.has(field.name)) {
        if (field.type === "checkbox" && field.name && field.name !== "csrfmiddlewaretoken") field.checked = false;
        continue;
      }
      const given = values.get(field.name);
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = given.includes(field.value);
      } else if (field.type === "file") {
        const files = given.filter((v) => v instanceof Blob && v.size);
        if (files.length && window.DataTransfer) {
          const dt = new DataTransfer();
          files.forEach((f) => dt.items.add(f));
          field.files = dt.files;
        }
      } else if (field.tagName === "SELECT" && field.multiple) {
        for (const option of field.options) option.selected = given.includes(option.value);
      } else if (typeof given[0] === "string") {
        field.value = given[0];
      }
    }
  }

  function clientIdField(form) {
    let idField = form.querySelector('input[name="client_id"]');
    if (!idField) {
      // A form that renders no client id field (the meeting form): the server reads it all the same.
      idField = document.createElement("input");
      idField.type = "hidden";
      idField.name = "client_id";
      form.append(idField);
    }
    if (!idField.value) idField.value = uuid();
    return idField;
  }

  async function capture(form) {
    const idField = clientIdField(form);
    const entries = [];
    for (const [name, value] of new FormData(form)) {
      if (value instanceof File && !value.size) continue;
      entries.push([name, value]);
    }
    const draft = {
      id: idField.value,
      url: form.action || location.href,
      page: location.pathname + location.search,
      title: form.dataset.offlineTitle || document.title,
      entries,
      state: "queued",
      savedAt: new Date().toISOString(),
    };
    await put(draft);
    return draft;
  }

  function bind(form) {
    let reopened = null;
    form.addEventListener("submit", async (event) => {
      clientIdField(form);
      // Online, the form is sent as usual (the page it leads to, its message, its errors in place);
      // a reopened draft is dropped first (the form now holds its text).
      if (navigator.onLine) {
        if (reopened) {
          event.preventDefault();
          await drop(reopened);
          reopened = null;
          HTMLFormElement.prototype.requestSubmit.call(form, event.submitter || undefined);
        }
        return;
      }
      event.preventDefault();
      await capture(form);
      notice(t("saved"), "info");
      await render();
    });
    const match = location.hash.match(/draft=([0-9a-f-]{36})/);
    if (match) {
      get(match[1]).then((draft) => {
        if (!draft) return;
        refill(form, draft);
        // Sent again from the form: the same client id, so never stored twice.
        reopened = draft.id;
        if (draft.reasons) notice(draft.reasons.join(" "), "error");
      });
    }
  }

  document.querySelectorAll("form[data-offline]").forEach(bind);
  window.addEventListener("online", flush);
  window.addEventListener("offline", () => notice(t("offline"), "info"));
  render().then(() => {
    if (navigator.onLine) flush();
  });
  // Exposed for the browser test and for a "send now" button.
  window.offlineOutbox = { flush, all };
  const again = document.getElementById("outbox-send");
  if (again) again.addEventListener("click", flush);
})();
