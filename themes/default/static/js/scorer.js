// The evaluation guide's 1–5 scales become a scorer: pick a level on each criterion and
// the weighted result is computed. The build reads the frameworks and marks each scale's
// list with its framework, criterion and weight, and each item with its level (data-scorer-*
// attributes); this script reads only those. Choices persist like a rubric.

import { read, write } from "./storage.js";

export function init(root) {
  const frameworks = new Map();
  for (const list of root.querySelectorAll("article ul[data-scorer-framework]")) {
    const { scorerFramework: id, scorerCriterion: name, scorerWeight: weight } = list.dataset;
    if (!frameworks.has(id)) frameworks.set(id, { criteria: [] });
    frameworks.get(id).criteria.push({ name, weight: Number(weight), list });
  }
  for (const [id, fw] of frameworks) enhance(id, fw);
}

function enhance(id, { criteria }) {
  const key = `scorer:${id}`;
  const saved = read(key, null);
  const choices = saved && typeof saved.choices === "object" && saved.choices ? saved.choices : {};
  const result = document.createElement("p");
  result.className = "scorer-result";
  result.setAttribute("role", "status");
  criteria.forEach((c, n) => {
    c.list.classList.add("scorer-scale");
    [...c.list.children].forEach((li) => {
      const value = Number(li.dataset.scorerLevel);
      if (!value) return;
      const label = document.createElement("label");
      const radio = document.createElement("input");
      radio.type = "radio";
      radio.name = `${id}-${n}`;
      radio.value = String(value);
      radio.checked = choices[c.name] === value;
      radio.addEventListener("change", () => {
        choices[c.name] = value;
        write(key, { choices, updated: new Date().toISOString() });
        update();
      });
      const text = document.createElement("span");
      text.append(...li.childNodes);
      label.append(radio, text);
      li.replaceChildren(label);
    });
  });
  criteria[criteria.length - 1].list.after(result);
  function update() {
    const weight = criteria.reduce((s, c) => s + c.weight, 0);
    const picked = criteria.filter((c) => choices[c.name]);
    const sum = picked.reduce((s, c) => s + c.weight * choices[c.name], 0);
    result.textContent = picked.length === criteria.length
      ? `Weighted result: ${(sum / weight).toFixed(2)} / 5`
      : `Weighted result: pick a level for each criterion (${picked.length} of ${criteria.length} done)`;
  }
  update();
}
