// The reader's progress, kept in this browser only. Keys are namespaced by site and schema
// version — whiteboard:v1:<site-id>:<name> — where the site id is the URL path the bank is
// served under, so two banks on one github.io host never share state. Every value is
// stored as {v, value}; anything unreadable is set aside (never thrown at the reader), and
// when storage is full or disabled the page keeps working from memory with a notice.

import { notice } from "./notice.js";

export const VERSION = 1;
const memory = new Map();

/** The path this bank is served under, e.g. "/bank/" — the same build copied elsewhere is another bank. */
export function siteId() {
  const root = document.documentElement.dataset.root || "./";
  return new URL(root, location.href).pathname;
}

export function prefix() {
  return `whiteboard:v${VERSION}:${siteId()}:`;
}

function storage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function read(name, fallback) {
  const store = storage();
  let raw = null;
  try {
    raw = store ? store.getItem(prefix() + name) : null;
  } catch {
    raw = null;
  }
  if (raw === null) return memory.has(name) ? memory.get(name) : fallback;
  try {
    const data = JSON.parse(raw);
    if (data && typeof data === "object" && data.v === VERSION && "value" in data) return data.value;
    throw new Error(`unknown format ${JSON.stringify(data?.v)}`);
  } catch {
    setAside(name, raw);
    return fallback;
  }
}

export function write(name, value) {
  memory.set(name, value);
  const store = storage();
  if (!store) {
    notice("Your browser does not let this site save progress: it is kept only until you leave the page.");
    return false;
  }
  try {
    store.setItem(prefix() + name, JSON.stringify({ v: VERSION, value }));
    return true;
  } catch (err) {
    notice(
      err && err.name === "QuotaExceededError"
        ? "Browser storage is full: your latest progress is kept only until you leave the page."
        : "Your browser does not let this site save progress: it is kept only until you leave the page.",
    );
    return false;
  }
}

export function remove(name) {
  memory.delete(name);
  try {
    storage()?.removeItem(prefix() + name);
  } catch {
    /* storage disabled: nothing to remove */
  }
}

/** Names (without the prefix) of every stored value of this bank that starts with `start`. */
export function names(start = "") {
  const store = storage();
  const found = new Set([...memory.keys()].filter((n) => n.startsWith(start)));
  if (!store) return [...found];
  const p = prefix();
  try {
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      if (key && key.startsWith(p + start) && !key.includes(":unreadable:")) found.add(key.slice(p.length));
    }
  } catch {
    /* storage disabled */
  }
  return [...found].sort();
}

function setAside(name, raw) {
  const store = storage();
  try {
    store?.setItem(`${prefix()}${name}:unreadable:${Date.now()}`, raw);
    store?.removeItem(prefix() + name);
  } catch {
    /* could not move it; reading goes on without it */
  }
  notice("Some saved progress on this page could not be read; it was set aside and this page starts fresh.");
}
