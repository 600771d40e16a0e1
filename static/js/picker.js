// Searchable pickers for the code boxes (units.fields.ScopedField): <input data-picker="/don-vi/chon/can-bo/">.
// Typing two letters of a name or a code (accents optional) lists up to 20 records in the user's scope;
// arrows move, Enter chooses, Escape closes. With data-picker-multi the chosen code is added to a
// comma-separated list. Without JavaScript the box stays a plain field that takes a code.
(() => {
  let seq = 0;

  function setup(input) {
    const url = input.getAttribute("data-picker");
    const multi = input.hasAttribute("data-picker-multi");
    const wrap = document.createElement("span");
    wrap.className = "picker";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    const list = document.createElement("ul");
    list.id = `picker-${++seq}`;
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    wrap.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    let items = [];
    let active = -1;
    let timer = null;
    let controller = null;

    const parts = () => input.value.split(/[,;]/);
    const term = () => (multi ? parts().pop() : input.value).trim();

    function close() {
      list.hidden = true;
      list.replaceChildren();
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      active = index;
      [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", list.children[index].id);
        list.children[index].scrollIntoView({ block: "nearest" });
      }
    }

    function choose(index) {
      const code = items[index].code;
      if (multi) {
        const kept = parts().slice(0, -1).map((p) => p.trim()).filter(Boolean);
        input.value = [...kept, code].join(", ") + ", ";
      } else {
        input.value = code;
      }
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
      input.focus();
    }

    function show(results) {
      list.replaceChildren();
      items = results;
      if (!results.length) {
        const li = document.createElement("li");
        li.className = "picker-empty";
        li.textContent = input.getAttribute("data-picker-empty") || "—";
        list.appendChild(li);
      }
      results.forEach((r, i) => {
        const li = document.createElement("li");
        li.id = `${list.id}-${i}`;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.code = r.code;
        const name = document.createElement("strong");
        name.textContent = r.name;
        const detail = document.createElement("span");
        detail.className = "muted";
        detail.textContent = ` ${r.code}${r.detail ? " · " + r.detail : ""}`;
        li.append(name, detail);
        li.addEventListener("mousedown", (e) => e.preventDefault());
        li.addEventListener("click", () => choose(i));
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    async function search() {
      const q = term();
      if (q.length < 2) {
        close();
        return;
      }
      if (controller) controller.abort();
      controller = new AbortController();
      try {
        const response = await fetch(`${url}?q=${encodeURIComponent(q)}`, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          signal: controller.signal,
        });
        if (!response.ok) return close();
        const data = await response.json();
        if (term() === q) show(data.results || []);
      } catch (e) {
        if (e.name !== "AbortError") close();
      }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", (e) => {
      if (list.hidden) {
        if (e.key === "ArrowDown") search();
        return;
      }
      if (e.key === "ArrowDown" && items.length) {
        e.preventDefault();
        highlight((active + 1) % items.length);
      } else if (e.key === "ArrowUp" && items.length) {
        e.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        choose(active);
      } else if (e.key === "Escape") {
        e.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
  }

  document.querySelectorAll("input[data-picker]").forEach(setup);
})();
