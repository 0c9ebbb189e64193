// Below 900 px the navigation folds behind a menu button; Escape closes it.

export function init(root) {
  const button = root.querySelector(".menu-button");
  const nav = root.querySelector("#site-nav");
  if (!button || !nav) return;
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
