// Practising a problem against the clock: a countdown of its time limit with the phase
// plan, overtime with the rubric guide's penalty, practice mode (the worked solution
// folded until revealed), and "Finish attempt", which records the attempt.
// A running timer survives a reload: it stores when it started, not a tick count.
// `?timescale=N` runs the clock N times faster (used by the browser tests).

import { read, write, remove } from "./storage.js";
import { currentScore, problemSlug, clear } from "./rubric.js";
import { renderAttempts, addAttempt } from "./attempts.js";

/** Points lost for running over, from the evaluation guide: L6 10% → 5, 20% → 10; L7 3 / 7. */
export function penalty(level, elapsedMs, limitMs) {
  const over = elapsedMs / limitMs - 1;
  const [small, large] = level === "L7" ? [3, 7] : [5, 10];
  if (over >= 0.2) return large;
  if (over >= 0.1) return small;
  return 0;
}

const fmt = (ms) => {
  const s = Math.floor(Math.abs(ms) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
};

export function init(root) {
  const article = root.querySelector("article[data-problem]");
  const panel = root.querySelector(".practice");
  if (!article || !panel) return;
  const slug = problemSlug(root);
  const level = article.dataset.level;
  const limit = Number(article.dataset.timeLimit) * 60_000;
  const scale = Math.max(1, Number(new URLSearchParams(location.search).get("timescale")) || 1);
  const phases = [...root.querySelectorAll(".time-plan li[data-minutes]")].map((li) => ({
    name: li.dataset.phase,
    ms: Number(li.dataset.minutes) * 60_000,
    el: li,
  }));
  const key = `timer:${slug}`;
  let state = read(key, null);
  if (!state || typeof state.elapsed !== "number") state = { elapsed: 0, startedAt: null, revealed: false };

  const $ = (sel) => panel.querySelector(sel);
  panel.hidden = false;
  const display = $(".timer-display");
  const phaseEl = $(".timer-phase");
  const penaltyEl = $(".timer-penalty");
  const start = $(".timer-start");
  const reset = $(".timer-reset");
  const finish = $(".timer-finish");
  const solution = solutionParts(article);
  const reveal = document.createElement("button");
  reveal.type = "button";
  reveal.className = "button reveal-solution";
  reveal.textContent = "Reveal solution";
  solution[0]?.before(reveal);

  const elapsed = () => state.elapsed + (state.startedAt ? (Date.now() - state.startedAt) * scale : 0);
  const save = () => write(key, state);
  const attempting = () => state.startedAt !== null || state.elapsed > 0;

  function render() {
    const used = elapsed();
    const left = limit - used;
    display.textContent = left >= 0 ? fmt(left) : `+${fmt(left)}`;
    display.classList.toggle("overtime", left < 0);
    const p = penalty(level, used, limit);
    penaltyEl.textContent =
      left >= 0 ? "" : p > 0 ? `Over time: −${p} points` : `Over time: points are lost from +${fmt(limit / 10)}`;
    let acc = 0;
    let current = null;
    for (const ph of phases) {
      acc += ph.ms;
      ph.el.classList.remove("current");
      if (!current && used < acc) current = ph;
    }
    current?.el.classList.add("current");
    phaseEl.textContent = attempting() ? (current ? `Now: ${current.name}` : "Time is up: wrap up") : "";
    start.textContent = state.startedAt ? "Pause" : attempting() ? "Resume" : "Start";
    const hide = attempting() && !state.revealed;
    for (const el of solution) el.hidden = hide;
    reveal.hidden = !hide;
    article.classList.toggle("practising", hide);
  }

  start.addEventListener("click", () => {
    if (state.startedAt) {
      state.elapsed = elapsed();
      state.startedAt = null;
    } else {
      state.startedAt = Date.now();
    }
    save();
    render();
  });
  reset.addEventListener("click", () => {
    if (attempting() && !confirm("Reset the timer? The attempt is not recorded.")) return;
    state = { elapsed: 0, startedAt: null, revealed: false };
    remove(key);
    render();
  });
  finish.addEventListener("click", () => {
    const used = elapsed();
    const { score, total } = currentScore(root);
    const lost = used > limit ? penalty(level, used, limit) : 0;
    addAttempt(slug, { date: new Date().toISOString(), score, total, timeUsed: Math.round(used / 1000), penalty: lost });
    state = { elapsed: 0, startedAt: null, revealed: false };
    remove(key);
    clear(root);
    renderAttempts(root, slug);
    render();
  });
  reveal.addEventListener("click", () => {
    state.revealed = true;
    save();
    render();
  });
  renderAttempts(root, slug);
  render();
  setInterval(render, Math.max(50, 1000 / scale));
}

/** The worked solution: from the "Step-by-Step Solution" heading up to the rubric. */
function solutionParts(article) {
  const parts = [];
  let inside = false;
  for (const el of article.children) {
    if (el.tagName === "H2" && /^step-by-step-solution/.test(el.id)) inside = true;
    else if (el.tagName === "H2" && /^self-assessment/.test(el.id)) inside = false;
    if (inside) parts.push(el);
  }
  return parts;
}
