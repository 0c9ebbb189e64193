// Marks the table of contents entry of the section being read.

export function init(root) {
  const links = [...root.querySelectorAll(".toc a[href^='#']")];
  if (links.length === 0 || !("IntersectionObserver" in globalThis)) return;
  const byId = new Map(links.map((a) => [decodeURIComponent(a.hash.slice(1)), a]));
  const headings = [...byId.keys()].map((id) => document.getElementById(id)).filter(Boolean);
  const visible = new Set();
  const mark = () => {
    const top = headings.find((h) => visible.has(h)) ?? null;
    for (const a of links) a.removeAttribute("aria-current");
    if (top) byId.get(top.id)?.setAttribute("aria-current", "true");
  };
  const observer = new IntersectionObserver((entries) => {
    for (const e of entries) (e.isIntersecting ? visible.add(e.target) : visible.delete(e.target));
    mark();
  }, { rootMargin: "0px 0px -70% 0px" });
  headings.forEach((h) => observer.observe(h));
}
