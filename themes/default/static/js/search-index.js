// The bank's search index, as the build writes it under `search/` (see the generator's
// `src/search/bundle.rs`): `index.json` lists the word-list chunks and the filters, a
// query fetches only the chunks its words fall in, and a result fetches its page's
// fragment only when it is shown. Words are split as the build splits them: runs of
// letters and digits, lowercased.

import { escape } from "./search.js";

const WORD = /[\p{Alphabetic}\p{N}]+/gu;
const MAX_WORD = 40;
// Endings taken off a query word so that "limiting" finds "limiter" and "expiry" finds
// "expires": a word matches the words that start with what is left.
const ENDINGS = ["ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "es", "ed", "ly", "s", "y", "e"];
// A word found through its root or as a prefix counts for less than the word itself.
const NEAR = 0.7;
// How fast repeated mentions stop adding to a page's score.
const SATURATION = 20;
const EXCERPT_WORDS = 22;

export function split(text) {
  return (text.toLowerCase().match(WORD) || []).filter((w) => [...w].length <= MAX_WORD);
}

function root(word) {
  for (const end of ENDINGS) {
    if (word.endsWith(end) && word.length - end.length >= 4) return word.slice(0, -end.length);
  }
  return word;
}

/** Opens the index at `base` (the site root, a URL). */
export async function open(base) {
  const response = await fetch(new URL("search/index.json", base), { cache: "no-cache" });
  if (!response.ok) throw new Error(`search/index.json: ${response.status}`);
  const index = await response.json();
  const at = (path) => new URL(`search/${path}?v=${index.build}`, base);
  // Each file of the index is fetched once a visit; a failed fetch is tried again next time.
  const fetched = new Map();
  const file = (path) => {
    if (!fetched.has(path)) {
      const p = fetch(at(path)).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${path}: ${r.status}`))));
      p.catch(() => fetched.delete(path));
      fetched.set(path, p);
    }
    return fetched.get(path);
  };
  const chunk = (i) => file(`w/${i}.json`);
  const fragment = (n) => file(`p/${n}.json`);

  // The chunks that may hold words starting with `prefix`.
  const chunksFor = (prefix) => {
    const firsts = index.chunks;
    let i = 0;
    while (i + 1 < firsts.length && firsts[i + 1] <= prefix) i++;
    const out = [i];
    while (out.length < 4 && i + 1 < firsts.length && firsts[i + 1].startsWith(prefix)) out.push(++i);
    return out;
  };

  // Each page's weight for one query word.
  async function lookup(term, typing) {
    const stem = root(term);
    const lists = await Promise.all(chunksFor(stem).map(chunk));
    const pages = new Map();
    for (const list of lists) {
      for (const word in list) {
        const factor = closeness(word, term, stem, typing);
        if (!factor) continue;
        const postings = list[word];
        let page = 0;
        for (let i = 0; i < postings.length; i += 2) {
          page += postings[i];
          pages.set(page, (pages.get(page) || 0) + postings[i + 1] * factor);
        }
      }
    }
    return pages;
  }

  function allowed(filters) {
    let pages = null;
    for (const [key, { any }] of Object.entries(filters || {})) {
      const values = index.filters[key] || {};
      const these = new Set(any.flatMap((v) => values[v] || []));
      pages = pages ? new Set([...pages].filter((p) => these.has(p))) : these;
    }
    return pages;
  }

  async function search(term, { filters } = {}) {
    const words = [...new Set(split(term || ""))];
    const only = allowed(filters);
    let scored;
    if (words.length === 0) {
      scored = [...(only || [])].sort((a, b) => a - b).map((page) => ({ page, score: 0 }));
    } else {
      const typing = !/\s$/.test(term || "");
      const found = await Promise.all(words.map((w, i) => lookup(w, typing && i === words.length - 1)));
      const n = index.pages;
      const pages = new Map();
      found.forEach((hits, t) => {
        const idf = Math.log(1 + (n - hits.size + 0.5) / (hits.size + 0.5));
        for (const [page, weight] of hits) {
          if (only && !only.has(page)) continue;
          if (t > 0 && !pages.has(page)) continue;
          let entry = pages.get(page);
          if (!entry) pages.set(page, (entry = { page, score: 0, terms: 0 }));
          if (entry.terms !== t) continue;
          entry.terms++;
          entry.score += (idf * weight * (SATURATION + 1)) / (weight + SATURATION);
        }
      });
      scored = [...pages.values()].filter((e) => e.terms === words.length);
      scored.sort((a, b) => b.score - a.score || a.page - b.page);
    }
    const matches = matcher(words);
    return {
      results: scored.map((entry) => ({
        score: entry.score,
        data: async () => shown(await fragment(entry.page), matches, base),
      })),
    };
  }

  return { search };
}

// Whether a word of the page is one the query asked for.
function matcher(words) {
  const stems = words.map(root);
  return (word) => {
    const w = word.toLowerCase();
    return words.some((q, i) => closeness(w, q, stems[i], true) > 0);
  };
}

// How much `word` counts for the query word `term` (whose root is `stem`): fully when it
// is the word, less when it shares the root or, while the reader is still typing it,
// starts with it; not at all otherwise.
function closeness(word, term, stem, typing) {
  if (word === term) return 1;
  if (word.startsWith(stem) && word.length <= stem.length + 6) return NEAR;
  if (typing && word.startsWith(term)) return NEAR;
  return 0;
}

// A result as the search box shows it: title, meta, an excerpt from the section that
// matches best, and each matching section as a link to its heading.
function shown(page, matches, base) {
  const url = new URL(page.url, base).pathname;
  const count = (text) => (text.match(WORD) || []).filter(matches).length;
  const ranked = page.sections
    .map(([heading, id, prose]) => ({ heading, id, prose, score: 4 * count(heading) + count(prose) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  const excerpt =
    ranked.map((s) => excerptOf(s.prose, matches)).find(Boolean) ??
    excerptOf(page.summary || "", matches) ??
    excerptOf(page.summary || page.sections.find((s) => s[2])?.[2] || "", () => false, true) ??
    "";
  const sub_results = ranked
    .filter((s) => s.id)
    .map((s) => ({
      title: s.heading,
      url: `${url}#${s.id}`,
      excerpt: excerptOf(s.prose, matches) ?? excerptOf(s.prose, () => false, true) ?? "",
    }));
  return { url, meta: { title: page.title, ...page.meta }, excerpt, sub_results };
}

// About EXCERPT_WORDS words of `text` around its first match, matches marked; with
// `anyway`, its start when nothing matches.
function excerptOf(text, matches, anyway = false) {
  const words = [...text.matchAll(WORD)];
  if (words.length === 0) return null;
  let first = words.findIndex((m) => matches(m[0]));
  if (first < 0) {
    if (!anyway) return null;
    first = 0;
  }
  const from = Math.max(0, Math.min(first - 6, words.length - EXCERPT_WORDS));
  const to = Math.min(words.length, from + EXCERPT_WORDS) - 1;
  let html = from > 0 ? "…" : "";
  let at = words[from].index;
  for (let i = from; i <= to; i++) {
    const m = words[i];
    html += escape(text.slice(at, m.index));
    html += matches(m[0]) ? `<mark>${escape(m[0])}</mark>` : escape(m[0]);
    at = m.index + m[0].length;
  }
  if (to < words.length - 1) html += "…";
  else html += escape(text.slice(at));
  return html;
}
