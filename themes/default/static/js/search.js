// The search box, over the bank's own index (`search-index.js`), which loads on first
// focus, not with the page. Results appear as you type, with highlighted excerpts and
// links straight to sections; chips filter by level and difficulty. `/` or Ctrl-K
// focuses the box; arrows, Enter and Escape work; below 600 px it opens full-screen.

export function init(root) {
  const slot = root.querySelector("[data-search]");
  if (!slot) return;
  // The bank's levels and difficulties, as the build states them.
  const words = (name) => (slot.dataset[name] || "").split(" ").filter(Boolean);
  const FILTERS = [
    ...words("levels").map((v) => ["level", v]),
    ...words("difficulties").map((v) => ["difficulty", v]),
  ];
  const box = slot.querySelector(".search");
  const input = slot.querySelector("input");
  const panel = slot.querySelector(".search-panel");
  const status = slot.querySelector(".search-status");
  const list = slot.querySelector(".search-results");
  const close = slot.querySelector(".search-close");
  const chips = slot.querySelector(".search-chips");
  const opener = slot.querySelector(".search-open");
  const active = new Set();
  for (const [key, value] of FILTERS) {
    const chip = document.createElement("button");
    chip.type = "button";
    chip.className = "chip";
    chip.textContent = value[0].toUpperCase() + value.slice(1);
    chip.dataset.key = key;
    chip.dataset.value = value;
    chip.setAttribute("aria-pressed", "false");
    chip.addEventListener("click", () => {
      const id = `${key}:${value}`;
      active.has(id) ? active.delete(id) : active.add(id);
      chip.setAttribute("aria-pressed", String(active.has(id)));
      run();
    });
    chips.append(chip);
  }

  let index = null;
  const load = () => {
    if (!index) {
      const base = new URL(document.documentElement.dataset.root || "./", location.href);
      index = import("./search-index.js").then((engine) => engine.open(base));
      index.catch(() => (index = null));
    }
    return index;
  };

  let options = [];
  let current = -1;
  const open = (on) => {
    const was = box.classList.contains("open");
    panel.hidden = !on;
    close.hidden = !on;
    box.classList.toggle("open", on);
    if (!on && was && opener?.offsetParent) opener.focus({ preventScroll: true });
    input.setAttribute("aria-expanded", String(on));
  };
  const highlight = (n) => {
    current = options.length ? (n + options.length) % options.length : -1;
    options.forEach((o, i) => o.setAttribute("aria-selected", String(i === current)));
    if (current >= 0) {
      input.setAttribute("aria-activedescendant", options[current].id);
      options[current].scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  };

  let timer = 0;
  let generation = 0;
  async function run() {
    const term = input.value.trim();
    const mine = ++generation;
    if (!term && active.size === 0) {
      list.replaceChildren();
      options = [];
      status.textContent = "";
      return;
    }
    open(true);
    let found;
    try {
      found = await load();
    } catch {
      status.textContent = "Search is not available here: the site must be opened through a web server, and online.";
      return;
    }
    const filters = {};
    for (const id of active) {
      const [key, value] = id.split(":");
      (filters[key] ??= { any: [] }).any.push(value);
    }
    let search, data;
    try {
      search = await found.search(term, { filters });
      if (mine !== generation) return;
      data = await Promise.all(search.results.slice(0, 8).map((r) => r.data()));
    } catch {
      if (mine === generation) status.textContent = "Search could not load its index. Check your connection and try again.";
      return;
    }
    if (mine !== generation) return;
    render(data, search.results.length);
  }

  function render(data, total) {
    status.textContent = total === 0 ? "No results." : `${total} result${total === 1 ? "" : "s"}`;
    let n = 0;
    const option = (href, html, cls) => {
      const li = document.createElement("li");
      li.id = `search-option-${n++}`;
      li.setAttribute("role", "option");
      li.className = cls;
      const a = document.createElement("a");
      a.href = href;
      a.tabIndex = -1;
      a.innerHTML = html;
      li.append(a);
      li.addEventListener("mousedown", (e) => e.preventDefault());
      return li;
    };
    const items = [];
    for (const d of data) {
      const meta = [d.meta.level, d.meta.difficulty, d.meta.time].filter(Boolean).join(" · ");
      items.push(option(d.url, `<span class="result-title">${escape(d.meta.title || d.url)}</span>${meta ? `<span class="result-meta">${escape(meta)}</span>` : ""}<span class="result-excerpt">${d.excerpt}</span>`, "result"));
      for (const sub of (d.sub_results || []).filter((s) => s.url !== d.url && !spoils(s.url)).slice(0, 3)) {
        items.push(option(sub.url, `<span class="result-title">${escape(sub.title)}</span><span class="result-excerpt">${sub.excerpt}</span>`, "sub-result"));
      }
    }
    list.replaceChildren(...items);
    options = items;
    highlight(items.length ? 0 : -1);
  }

  input.addEventListener("focus", () => {
    load()?.catch(() => {});
    if (input.value.trim()) open(true);
  }, { once: false });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    generation++; // results still on their way are for a term the reader has moved past
    timer = setTimeout(run, 120);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") { e.preventDefault(); highlight(current + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); highlight(current - 1); }
    else if (e.key === "Enter") {
      e.preventDefault();
      const target = options[current] ?? options[0];
      if (target) location.href = target.querySelector("a").href;
    } else if (e.key === "Escape") {
      open(false);
      input.blur();
    }
  });
  close.addEventListener("click", () => open(false));
  // On a phone the box is a button until opened; the search then fills the screen.
  opener?.addEventListener("click", () => {
    box.classList.add("open");
    close.hidden = false;
    input.focus();
  });
  document.addEventListener("keydown", (e) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName ?? "") || document.activeElement?.isContentEditable;
    if ((e.key === "/" && !typing) || (e.key.toLowerCase() === "k" && (e.ctrlKey || e.metaKey))) {
      e.preventDefault();
      input.focus();
    }
  });
  document.addEventListener("click", (e) => {
    if (!box.contains(e.target) && !opener?.contains(e.target)) open(false);
  });
}

/** Whether a result leads into a section of this page that practice mode has folded. */
function spoils(url) {
  if (!document.body.classList.contains("practising")) return false;
  const target = new URL(url, location.href);
  if (target.pathname !== location.pathname || !target.hash) return false;
  const el = document.getElementById(decodeURIComponent(target.hash.slice(1)));
  return !!el?.closest("[data-folded]");
}

export function escape(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}
