// The home page's problem table: filters by level, difficulty and tag, and the reader's
// best and last score per problem. Without JavaScript it is a plain table.

import { attempts, finalScore } from "./attempts.js";

export function init(root) {
  const table = root.querySelector(".problem-table table");
  if (!table) return;
  const rows = [...table.tBodies[0].rows];
  for (const row of rows) {
    const list = attempts(row.dataset.problem);
    const best = row.querySelector(".best-score");
    const last = row.querySelector(".last-score");
    if (list.length) {
      best.textContent = `${Math.max(...list.map(finalScore))}/${list[0].total}`;
      last.textContent = `${finalScore(list[list.length - 1])}/${list[list.length - 1].total}`;
    }
  }
  const form = root.querySelector(".problem-filters");
  if (!form) return;
  form.hidden = false;
  const tags = [...new Set(rows.flatMap((r) => (r.dataset.tags || "").split(" ").filter(Boolean)))].sort();
  const tagSelect = form.querySelector("[name=tag]");
  for (const t of tags) tagSelect.append(new Option(t, t));
  const count = form.querySelector(".filter-count");
  const apply = () => {
    const level = form.level.value;
    const difficulty = form.difficulty.value;
    const tag = form.tag.value;
    let shown = 0;
    for (const row of rows) {
      const ok = (!level || row.dataset.level === level) &&
        (!difficulty || row.dataset.difficulty === difficulty) &&
        (!tag || (row.dataset.tags || "").split(" ").includes(tag));
      row.hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = `${shown} of ${rows.length} problems`;
  };
  form.addEventListener("change", apply);
  form.addEventListener("submit", (e) => e.preventDefault());
  apply();
}
