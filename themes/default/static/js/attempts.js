// Finished attempts of a problem: {date, score, total, timeUsed (s, or null when the timer
// never ran), penalty}, newest last.

import { read, write } from "./storage.js";

export function attempts(slug) {
  const list = read(`attempts:${slug}`, []);
  return Array.isArray(list) ? list.filter(valid) : [];
}

export function valid(a) {
  return a && typeof a.date === "string" && Number.isFinite(a.score) && Number.isFinite(a.total) &&
    (a.timeUsed === null || Number.isFinite(a.timeUsed)) && Number.isFinite(a.penalty);
}

export const finalScore = (a) => Math.max(0, a.score - a.penalty);

/** "41 min 20 s", or "untimed" for an attempt whose timer never ran. */
export function describeTime(a) {
  if (a.timeUsed === null) return "untimed";
  const s = Math.max(0, Math.round(a.timeUsed));
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

export function addAttempt(slug, attempt) {
  write(`attempts:${slug}`, [...attempts(slug), attempt]);
}

/** Removes the attempt recorded at `date`; returns it (for an undo), or null. */
export function removeAttempt(slug, date) {
  const list = attempts(slug);
  const gone = list.find((a) => a.date === date) ?? null;
  write(`attempts:${slug}`, list.filter((a) => a.date !== date));
  return gone;
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
        describeTime(a),
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
