// The theme button: system → light → dark → system. "System" follows the operating
// system's preference and stores nothing; a chosen theme persists (theme-init.js applies
// it before the next page paints).

import { read, write, remove } from "./storage.js";

const ORDER = ["system", "light", "dark"];
const ICONS = { system: "◐", light: "☀", dark: "☾" };

export function init(root) {
  const button = root.querySelector(".theme-toggle");
  if (!button) return;
  const current = () => {
    const v = read("theme", null);
    return v === "light" || v === "dark" ? v : "system";
  };
  const show = () => {
    const now = current();
    const next = ORDER[(ORDER.indexOf(now) + 1) % ORDER.length];
    button.dataset.theme = now;
    button.querySelector("[aria-hidden]").textContent = ICONS[now];
    button.setAttribute("aria-label", `Theme: ${now}. Switch to ${next}`);
    button.title = button.getAttribute("aria-label");
  };
  button.addEventListener("click", () => {
    const next = ORDER[(ORDER.indexOf(current()) + 1) % ORDER.length];
    if (next === "system") {
      remove("theme");
      delete document.documentElement.dataset.theme;
    } else {
      write("theme", next);
      document.documentElement.dataset.theme = next;
    }
    show();
  });
  show();
}
