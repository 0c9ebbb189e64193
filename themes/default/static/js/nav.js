// The site navigation is one file (nav.html) that every page shares, so a page does not
// grow with the bank: it is fetched once, kept for the visit, and its links are made
// relative to this page. The reader's page is marked. Without JavaScript the navigation
// is a link to the home page, which lists every problem.
// Below 900 px the navigation folds behind a menu button; Escape closes it.

const CACHE = "whiteboard:nav:";

export async function init(root) {
  const nav = root.querySelector("#site-nav");
  if (!nav) return;
  folding(root, nav);
  const src = nav.dataset.nav;
  if (!src) return;
  const url = new URL(src, document.baseURI).href;
  const html = cached(url) ?? (await fetched(url));
  if (html == null) return;
  fill(nav, html);
}

function cached(url) {
  try {
    return sessionStorage.getItem(CACHE + url);
  } catch {
    return null;
  }
}

async function fetched(url) {
  try {
    const response = await fetch(url);
    if (!response.ok) return null;
    const html = await response.text();
    try {
      // Other versions of the navigation are stale: keep one.
      for (const key of Object.keys(sessionStorage)) {
        if (key.startsWith(CACHE)) sessionStorage.removeItem(key);
      }
      sessionStorage.setItem(CACHE + url, html);
    } catch {
      // Storage full or disabled: the browser's HTTP cache still has the file.
    }
    return html;
  } catch {
    return null;
  }
}

function fill(nav, html) {
  const siteRoot = document.documentElement.dataset.root || "./";
  const template = document.createElement("template");
  template.innerHTML = html;
  const here = location.pathname;
  for (const a of template.content.querySelectorAll("a[href]")) {
    const href = a.getAttribute("href");
    if (/^[a-z]+:|^\/|^#/i.test(href)) continue;
    a.setAttribute("href", siteRoot + href);
    if (new URL(a.getAttribute("href"), document.baseURI).pathname === here) {
      a.setAttribute("aria-current", "page");
    }
  }
  nav.replaceChildren(template.content);
  nav.dataset.loaded = "";
}

function folding(root, nav) {
  const button = root.querySelector(".menu-button");
  if (!button) return;
  nav.classList.add("collapsible");
  const set = (open) => {
    button.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("open", open);
  };
  button.addEventListener("click", () => set(button.getAttribute("aria-expanded") !== "true"));
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && nav.classList.contains("open")) {
      set(false);
      button.focus();
    }
  });
  set(false);
}
