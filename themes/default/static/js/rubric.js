// The self-assessment rubric: ticking items updates the score (e.g. 35/50) and its bar
// live; ticks persist per problem, matched by each item's stable id, so reordering or
// adding items keeps them. "Reset" asks before clearing.

import { read, write, remove } from "./storage.js";

export function problemSlug(root = document) {
  return root.querySelector("article[data-problem]")?.dataset.problem ?? null;
}

function boxes(root = document) {
  return [...root.querySelectorAll(".rubric-check")];
}

/** { score, total } from the boxes on the page. */
export function currentScore(root = document) {
  let score = 0;
  let total = 0;
  for (const box of boxes(root)) {
    const points = Number(box.dataset.points) || 0;
    total += points;
    if (box.checked) score += points;
  }
  return { score, total };
}

/** The ids of the ticked items. */
export function ticked(root = document) {
  return boxes(root).filter((b) => b.checked).map((b) => b.dataset.rubricId);
}

export function init(root) {
  const slug = problemSlug(root);
  const all = boxes(root);
  if (!slug || all.length === 0) return;
  const key = `rubric:${slug}`;
  const saved = read(key, null);
  if (saved && Array.isArray(saved.ticked)) {
    const ticked = new Set(saved.ticked.filter((id) => typeof id === "string"));
    for (const box of all) box.checked = ticked.has(box.dataset.rubricId);
  }

  const slot = root.querySelector(".rubric-score");
  const list = root.querySelector(".rubric");
  const bar = document.createElement("div");
  bar.className = "rubric-bar";
  bar.setAttribute("role", "progressbar");
  bar.setAttribute("aria-label", "Rubric score");
  bar.append(document.createElement("span"));
  const controls = document.createElement("div");
  controls.className = "rubric-controls";
  const reset = document.createElement("button");
  reset.type = "button";
  reset.className = "button";
  reset.textContent = "Reset rubric";
  controls.append(bar, reset);
  list.after(controls);

  const update = () => {
    const { score, total } = currentScore(root);
    if (slot) slot.textContent = String(score);
    bar.setAttribute("aria-valuemin", "0");
    bar.setAttribute("aria-valuemax", String(total));
    bar.setAttribute("aria-valuenow", String(score));
    bar.firstElementChild.style.width = `${total ? (100 * score) / total : 0}%`;
  };
  const save = () => {
    const ticked = all.filter((b) => b.checked).map((b) => b.dataset.rubricId);
    write(key, { ticked, updated: new Date().toISOString() });
  };
  for (const box of all) {
    box.addEventListener("change", () => {
      save();
      update();
    });
  }
  reset.addEventListener("click", () => {
    if (!confirm("Clear every tick of this problem's rubric?")) return;
    for (const box of all) box.checked = false;
    remove(key);
    update();
  });
  update();
}

/** Ticks exactly the items in `ids`, without asking (a recorded attempt clears the
 * rubric for the next one; its undo puts the ticks back), and saves them. */
export function restore(root, ids) {
  const keep = new Set(ids);
  const all = boxes(root);
  for (const box of all) box.checked = keep.has(box.dataset.rubricId);
  all[0]?.dispatchEvent(new Event("change"));
}
