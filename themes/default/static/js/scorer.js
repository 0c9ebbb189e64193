// The evaluation guide's 1–5 scales become a scorer: pick a level on each criterion and
// the weighted result is computed (weights are read from "(25% of total score)" in the
// criterion's title). Choices persist like a rubric.

import { read, write } from "./storage.js";

export function init(root) {
  const frameworks = new Map();
  for (const p of root.querySelectorAll("article p")) {
    const strong = p.querySelector("strong");
    const match = strong?.textContent.match(/^(.*)\((\d+)% of total score\)/);
    const list = p.nextElementSibling;
    if (!match || list?.tagName !== "UL" || list.children.length !== 5) continue;
    let section = p.previousElementSibling;
    while (section && section.tagName !== "H2") section = section.previousElementSibling;
    const id = section?.id ?? "scorer";
    if (!frameworks.has(id)) frameworks.set(id, { heading: section, criteria: [] });
    frameworks.get(id).criteria.push({ name: match[1].trim(), weight: Number(match[2]), list });
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
      const value = Number(li.textContent.trim().match(/^(\d)/)?.[1]);
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
