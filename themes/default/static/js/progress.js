// The progress page: every attempted problem with its best score, a small score-over-time
// chart (inline SVG, no library), totals per level, and export/import of all progress as
// JSON. An import is validated first and merged; a malformed file changes nothing.

import { names, read, write, siteId, VERSION } from "./storage.js";
import { attempts, finalScore, valid, describeTime, removeAttempt, addAttempt } from "./attempts.js";
import { notice } from "./notice.js";

const FORMAT = "whiteboard-progress";
const SVG = "http://www.w3.org/2000/svg";

export function init(root) {
  const page = root.querySelector(".progress-page");
  if (!page) return;
  render(page);
  // Deleting an attempt takes effect at once, with an undo until the next deletion.
  const undo = page.querySelector(".progress-undo");
  page.addEventListener("click", (e) => {
    const button = e.target.closest?.(".attempt-delete");
    if (!button) return;
    const { problem, date } = button.dataset;
    const gone = removeAttempt(problem, date);
    if (!gone) return;
    undo.querySelector("p").textContent = `Deleted the attempt of ${new Date(date).toLocaleString()} (${finalScore(gone)}/${gone.total}).`;
    undo.hidden = false;
    undo.querySelector("button").onclick = () => {
      addAttempt(problem, gone);
      write(`attempts:${problem}`, attempts(problem).sort((a, b) => a.date.localeCompare(b.date)));
      undo.hidden = true;
      render(page);
    };
    render(page);
    undo.querySelector("button").focus();
  });
  page.querySelector(".export").addEventListener("click", () => download(exportData()));
  const input = page.querySelector(".import-file");
  page.querySelector(".import").addEventListener("click", () => input.click());
  input.addEventListener("change", async () => {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    try {
      const summary = importData(JSON.parse(await file.text()));
      notice(summary, "success");
      render(page);
    } catch (err) {
      notice(`Nothing was imported: ${err.message}`, "error");
    }
  });
}

function render(page) {
  const rows = [...page.querySelectorAll("tbody tr[data-problem]")];
  const levels = {};
  for (const row of rows) {
    const list = attempts(row.dataset.problem);
    row.hidden = list.length === 0;
    if (!list.length) continue;
    const scores = list.map(finalScore);
    const best = Math.max(...scores);
    row.querySelector(".best").textContent = `${best}/${list[0].total}`;
    row.querySelector(".count").replaceChildren(attemptList(row.dataset.problem, list));
    row.querySelector(".last").textContent = new Date(list[list.length - 1].date).toLocaleDateString();
    row.querySelector(".chart").replaceChildren(chart(scores, list[0].total));
    const l = (levels[row.dataset.level] ??= { attempted: 0, best: 0 });
    l.attempted++;
    l.best += best;
  }
  const totals = page.querySelector(".level-totals");
  totals.replaceChildren(
    ...Object.entries(levels).sort().map(([level, t]) => {
      const li = document.createElement("li");
      li.textContent = `${level}: ${t.attempted} problem${t.attempted === 1 ? "" : "s"} attempted, average best ${(t.best / t.attempted).toFixed(1)} points`;
      return li;
    }),
  );
  const attempted = rows.some((r) => !r.hidden);
  page.querySelector(".progress-empty").hidden = attempted;
  // A table of nothing but its header says less than the sentence above it.
  page.querySelector(".progress-table").hidden = !attempted;
}

/** The number of attempts, opening to each one with its score, time and a delete button. */
function attemptList(problem, list) {
  const details = document.createElement("details");
  const summary = document.createElement("summary");
  summary.textContent = String(list.length);
  const ul = document.createElement("ul");
  ul.className = "attempt-list";
  for (const a of list.slice().reverse()) {
    const li = document.createElement("li");
    const penalty = a.penalty ? `, −${a.penalty} overtime` : "";
    li.append(`${new Date(a.date).toLocaleString()}: ${finalScore(a)}/${a.total}, ${describeTime(a)}${penalty} `);
    const del = document.createElement("button");
    del.type = "button";
    del.className = "button attempt-delete";
    del.dataset.problem = problem;
    del.dataset.date = a.date;
    del.textContent = "Delete";
    del.setAttribute("aria-label", `Delete the attempt of ${new Date(a.date).toLocaleString()}`);
    li.append(del);
    ul.append(li);
  }
  details.append(summary, ul);
  return details;
}

function chart(scores, total) {
  const w = 120, h = 32, pad = 3;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  svg.setAttribute("width", String(w));
  svg.setAttribute("height", String(h));
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `Scores over time: ${scores.join(", ")}`);
  const x = (i) => (scores.length === 1 ? w / 2 : pad + (i * (w - 2 * pad)) / (scores.length - 1));
  const y = (s) => h - pad - (Math.min(s, total) / (total || 1)) * (h - 2 * pad);
  const line = document.createElementNS(SVG, "polyline");
  line.setAttribute("points", scores.map((s, i) => `${x(i)},${y(s)}`).join(" "));
  line.setAttribute("class", "chart-line");
  svg.append(line);
  scores.forEach((s, i) => {
    const dot = document.createElementNS(SVG, "circle");
    dot.setAttribute("cx", String(x(i)));
    dot.setAttribute("cy", String(y(s)));
    dot.setAttribute("r", "2.5");
    dot.setAttribute("class", "chart-dot");
    svg.append(dot);
  });
  return svg;
}

function exportData() {
  const data = {};
  for (const name of names()) {
    if (name === "theme") continue;
    const value = read(name, undefined);
    if (value !== undefined) data[name] = value;
  }
  return { format: FORMAT, version: VERSION, site: siteId(), exported: new Date().toISOString(), data };
}

function download(obj) {
  const blob = new Blob([JSON.stringify(obj, null, 2)], { type: "application/json" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = `whiteboard-progress-${new Date().toISOString().slice(0, 10)}.json`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** Checks the whole file before writing anything; returns a summary of what was merged. */
export function importData(obj) {
  if (!obj || obj.format !== FORMAT) throw new Error("this is not a whiteboard progress file.");
  if (obj.version !== VERSION) throw new Error(`it is version ${obj.version}; this site reads version ${VERSION}.`);
  if (!obj.data || typeof obj.data !== "object") throw new Error("it holds no progress data.");
  const writes = [];
  let added = 0;
  for (const [name, value] of Object.entries(obj.data)) {
    if (name.startsWith("attempts:")) {
      if (!Array.isArray(value) || !value.every(valid)) throw new Error(`the attempts of “${name.slice(9)}” are malformed.`);
      const slug = name.slice(9);
      const mine = attempts(slug);
      const seen = new Set(mine.map((a) => a.date));
      const fresh = value.filter((a) => !seen.has(a.date));
      added += fresh.length;
      writes.push([name, [...mine, ...fresh].sort((a, b) => a.date.localeCompare(b.date))]);
    } else if (name.startsWith("rubric:") || name.startsWith("scorer:")) {
      if (!value || typeof value !== "object") throw new Error(`“${name}” is malformed.`);
      const mine = read(name, null);
      if (!mine || String(value.updated ?? "") > String(mine.updated ?? "")) writes.push([name, value]);
    }
  }
  for (const [name, value] of writes) write(name, value);
  const problems = writes.filter(([n]) => n.startsWith("attempts:")).length;
  return `Imported ${added} new attempt${added === 1 ? "" : "s"} across ${problems} problem${problems === 1 ? "" : "s"}.`;
}
