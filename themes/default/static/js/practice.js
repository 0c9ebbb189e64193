// Practising a problem against the clock: a countdown of its time limit with the phase
// plan, overtime with the rubric guide's penalty, practice mode (everything after the
// statement and requirements folded until revealed, table of contents included), and
// "Finish attempt", which asks, records the attempt and says how it went.
// A running timer survives a reload: it stores when it started, not a tick count.

import { read, write, remove } from "./storage.js";
import { currentScore, problemSlug, ticked, restore } from "./rubric.js";
import { attempts, renderAttempts, addAttempt, removeAttempt, finalScore, describeTime } from "./attempts.js";

/** Points lost for running over: the page's `data-overtime` pairs of (percent over,
 * points), which the build takes from the evaluation guide's rule for the level. */
export function penalty(overtime, elapsedMs, limitMs) {
  const over = (elapsedMs / limitMs - 1) * 100;
  let lost = 0;
  for (const [percent, points] of overtime) if (over >= percent) lost = points;
  return lost;
}

const fmt = (ms) => {
  const s = Math.floor(Math.abs(ms) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
};

/** How much faster than real time the clock runs: 1, unless a test set it for this tab. */
function timescale() {
  try {
    return Math.max(1, Number(sessionStorage.getItem("whiteboard:timescale")) || 1);
  } catch {
    return 1;
  }
}

export function init(root) {
  const article = root.querySelector("article[data-problem]");
  const panel = root.querySelector(".practice");
  if (!article || !panel) return;
  const slug = problemSlug(root);
  const limit = Number(article.dataset.timeLimit) * 60_000;
  const overtime = (article.dataset.overtime || "").split(" ").filter(Boolean).map((p) => p.split(":").map(Number));
  const firstLoss = limit * ((overtime[0]?.[0] ?? 10) / 100);
  const scale = timescale();
  const phases = [...root.querySelectorAll(".time-plan li[data-minutes]")].map((li) => ({
    name: li.dataset.phase,
    ms: Number(li.dataset.minutes) * 60_000,
    el: li,
  }));
  const key = `timer:${slug}`;
  let state = read(key, null);
  if (!state || typeof state.elapsed !== "number") state = { elapsed: 0, startedAt: null, revealed: false };

  const $ = (sel) => root.querySelector(sel);
  const display = panel.querySelector(".timer-display");
  const [start, reset, finish, toggle] = [".timer-start", ".timer-reset", ".timer-finish", ".fold-toggle"].map((s) => panel.querySelector(s));
  const confirmBox = panel.querySelector(".finish-confirm");
  const result = panel.querySelector(".practice-result");
  const bar = $(".practice-bar");
  const baseTitle = document.title;
  const folded = markFolded(root, article);
  const notice = $(".fold-notice");

  const elapsed = () => state.elapsed + (state.startedAt ? (Date.now() - state.startedAt) * scale : 0);
  const save = () => write(key, state);
  const attempting = () => state.startedAt !== null || state.elapsed > 0;
  const isFolded = () => attempting() && !state.revealed;

  function render() {
    const used = elapsed();
    const left = limit - used;
    const shown = left >= 0 ? fmt(left) : `+${fmt(left)}`;
    const p = penalty(overtime, used, limit);
    const lost = left >= 0 ? "" : p > 0 ? `Over time: −${p} points` : `Over time: points are lost from +${fmt(firstLoss)}`;
    let acc = 0;
    let current = null;
    for (const ph of phases) {
      acc += ph.ms;
      ph.el.classList.remove("current");
      if (!current && used < acc) current = ph;
    }
    current?.el.classList.add("current");
    const phase = attempting() ? (current ? `Now: ${current.name}` : "Time is up: wrap up") : "";
    for (const host of [panel, bar]) {
      host.querySelector(".timer-display").textContent = shown;
      host.querySelector(".timer-display").classList.toggle("overtime", left < 0);
      host.querySelector(".timer-phase").textContent = phase;
      host.querySelector(".timer-penalty").textContent = lost;
      host.querySelector(".timer-start").textContent = state.startedAt ? "Pause" : attempting() ? "Resume" : "Start";
    }
    start.classList.toggle("primary", !state.startedAt);
    finish.classList.toggle("primary", attempting() && !state.startedAt);
    bar.hidden = !attempting();
    document.body.classList.toggle("with-practice-bar", attempting());
    document.title = state.startedAt ? `${shown} left · ${baseTitle}` : attempting() ? `Paused ${shown} · ${baseTitle}` : baseTitle;
    const fold = isFolded() && folded.size > 0;
    document.body.classList.toggle("practising", fold);
    toggle.hidden = !attempting();
    toggle.textContent = fold ? "Reveal solution" : "Hide solution";
    toggle.setAttribute("aria-expanded", String(!fold));
    if (notice) notice.hidden = !fold;
  }

  function startOrPause() {
    if (state.startedAt) {
      state.elapsed = elapsed();
      state.startedAt = null;
    } else {
      if (!attempting()) state.revealed = false;
      state.startedAt = Date.now();
      result.hidden = true;
    }
    save();
    render();
  }
  for (const b of [start, bar.querySelector(".timer-start")]) b.addEventListener("click", startOrPause);
  reset.addEventListener("click", () => {
    if (attempting() && !confirm("Reset the timer? The attempt is not recorded.")) return;
    state = { elapsed: 0, startedAt: null, revealed: false };
    remove(key);
    render();
  });
  toggle.addEventListener("click", () => {
    state.revealed = isFolded();
    save();
    render();
  });
  notice?.querySelector("button")?.addEventListener("click", () => toggle.click());

  // A link into a folded section asks before it spoils the attempt.
  document.addEventListener("click", (e) => {
    const link = e.target.closest?.("a[href*='#']");
    if (!link || !isFolded() || link.pathname !== location.pathname) return;
    const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target || !folded.has(target)) return;
    e.preventDefault();
    if (!confirm("That section is part of the worked solution. Reveal the solution now?")) return;
    state.revealed = true;
    save();
    render();
    target.scrollIntoView();
    history.replaceState(null, "", link.hash);
  });

  // Finishing: confirm what will be recorded, record it, show it, and offer an undo.
  function summary() {
    const used = elapsed();
    const { score, total } = currentScore(root);
    const timed = attempting();
    const lost = timed && used > limit ? penalty(overtime, used, limit) : 0;
    return { score, total, timed, used, lost };
  }
  finish.addEventListener("click", () => {
    const s = summary();
    const time = s.timed ? `${fmt(s.used)} of ${fmt(limit)}` : "untimed (the timer never ran)";
    confirmBox.querySelector(".finish-summary").textContent =
      `Record this attempt? Score ${s.score}/${s.total} · time ${time} · ${s.lost ? `penalty −${s.lost}` : "no penalty"}.`;
    confirmBox.hidden = false;
    confirmBox.querySelector(".finish-record").focus();
  });
  confirmBox.querySelector(".finish-cancel").addEventListener("click", () => {
    confirmBox.hidden = true;
  });
  confirmBox.querySelector(".finish-record").addEventListener("click", () => {
    const s = summary();
    const attempt = {
      date: new Date().toISOString(),
      score: s.score,
      total: s.total,
      timeUsed: s.timed ? Math.round(s.used / 1000) : null,
      penalty: s.lost,
    };
    const before = { state: { ...state }, ticks: ticked(root) };
    addAttempt(slug, attempt);
    state = { elapsed: 0, startedAt: null, revealed: false };
    remove(key);
    restore(root, []);
    confirmBox.hidden = true;
    const best = Math.max(...attempts(slug).map(finalScore));
    result.querySelector(".result-text").textContent =
      `Recorded: ${finalScore(attempt)}/${attempt.total} · ${describeTime(attempt)} · ` +
      `${attempt.penalty ? `−${attempt.penalty} for overtime` : "no penalty"} · best so far ${best}/${attempt.total}. ` +
      "The rubric is cleared for your next attempt.";
    result.hidden = false;
    result.querySelector(".result-undo").onclick = () => {
      removeAttempt(slug, attempt.date);
      state = before.state;
      save();
      restore(root, before.ticks);
      result.hidden = true;
      renderAttempts(root, slug);
      render();
    };
    renderAttempts(root, slug);
    render();
    result.focus();
  });

  renderAttempts(root, slug);
  render();
  setInterval(render, Math.max(50, 1000 / scale));
  panel.dataset.readyAt = String(Math.round(performance.now()));
}

/** Marks everything practice mode folds: from the section the build names in
 * `data-fold-from` (the estimates, else the solution) to the rubric, and the
 * table-of-contents entries that lead there. Returns the folded elements. */
function markFolded(root, article) {
  const folded = new Set();
  const headings = [...article.querySelectorAll(":scope > h2")];
  const first = headings.find((h) => h.id && h.id === article.dataset.foldFrom);
  const rubric = article.querySelector(".rubric");
  const last = headings.filter((h) => rubric && h.compareDocumentPosition(rubric) & Node.DOCUMENT_POSITION_FOLLOWING).pop();
  let inside = false;
  for (const el of article.children) {
    if (el === first) inside = true;
    else if (el === last) inside = false;
    if (!inside) continue;
    el.dataset.folded = "";
    folded.add(el);
    for (const inner of el.querySelectorAll("[id]")) folded.add(inner);
  }
  for (const el of [...folded]) {
    if (!el.id) continue;
    for (const a of root.querySelectorAll(`:is(.toc, .toc-inline) a[href="#${CSS.escape(el.id)}"]`)) {
      a.closest("li").dataset.folded = "";
    }
  }
  return folded;
}
