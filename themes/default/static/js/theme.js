// The theme toggle: light ↔ dark, starting from the system's preference; the choice
// persists (theme-init.js applies it before the next page paints).

import { read, write } from "./storage.js";

export function init(root) {
  const button = root.querySelector(".theme-toggle");
  if (!button) return;
  const system = () => (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
  const current = () => document.documentElement.dataset.theme || read("theme", null) || system();
  const show = () => {
    const dark = current() === "dark";
    button.setAttribute("aria-pressed", String(dark));
    button.setAttribute("aria-label", dark ? "Switch to light theme" : "Switch to dark theme");
    button.title = button.getAttribute("aria-label");
  };
  button.hidden = false;
  button.addEventListener("click", () => {
    const next = current() === "dark" ? "light" : "dark";
    document.documentElement.dataset.theme = next;
    write("theme", next);
    show();
  });
  show();
}
