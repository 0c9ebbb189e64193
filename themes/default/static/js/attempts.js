// Finished attempts of a problem: {date, score, total, timeUsed (s), penalty}, newest last.

import { read, write } from "./storage.js";

export function attempts(slug) {
  const list = read(`attempts:${slug}`, []);
  return Array.isArray(list) ? list.filter(valid) : [];
}

export function valid(a) {
  return a && typeof a.date === "string" && Number.isFinite(a.score) && Number.isFinite(a.total) &&
    Number.isFinite(a.timeUsed) && Number.isFinite(a.penalty);
}

export const finalScore = (a) => Math.max(0, a.score - a.penalty);

export function addAttempt(slug, attempt) {
  write(`attempts:${slug}`, [...attempts(slug), attempt]);
}

export function renderAttempts(root, slug) {
  const section = root.querySelector(".attempts");
  if (!section) return;
  const list = attempts(slug);
  section.hidden = list.length === 0;
  const body = section.querySelector("tbody");
  body.replaceChildren(
    ...list.slice().reverse().map((a) => {
      const row = document.createElement("tr");
      const cells = [
        new Date(a.date).toLocaleString(),
        `${finalScore(a)}/${a.total}`,
        `${Math.floor(a.timeUsed / 60)} min ${a.timeUsed % 60} s`,
        a.penalty ? `−${a.penalty}` : "—",
      ];
      for (const c of cells) {
        const td = document.createElement("td");
        td.textContent = c;
        row.append(td);
      }
      return row;
    }),
  );
}
