// What a reader's first search downloads: the search scripts, the index's files a query
// fetches and the fragments of the results the box shows (eight), each counted gzipped,
// as GitHub Pages serves them.
//
//   node benches/first-query.mjs public "rate limiter"

import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [site, ...words] = process.argv.slice(2);
if (!site || words.length === 0) {
  console.error('usage: node benches/first-query.mjs PUBLIC_DIR "query words"');
  process.exit(2);
}
const query = words.join(" ");
const base = new URL("http://bank.test/");
const fetched = [];
const size = (bytes) => gzipSync(bytes, { level: 9 }).length;
globalThis.fetch = async (url) => {
  const path = decodeURIComponent(new URL(url).pathname);
  const bytes = readFileSync(join(site, path));
  fetched.push([path, size(bytes)]);
  return { ok: true, status: 200, json: async () => JSON.parse(bytes.toString("utf8")) };
};

const script = (name) => {
  const dir = join(site, "static");
  const hash = readFileSync(join(site, "index.html"), "utf8").match(/static\/([0-9a-f]+)\/js\/main\.js/)[1];
  return join(dir, hash, "js", name);
};
for (const name of ["search.js", "search-index.js"]) fetched.push([`js/${name}`, size(readFileSync(script(name)))]);
const engine = await import(pathToFileURL(script("search-index.js")).href);
const index = await engine.open(base);
const found = await index.search(query, {});
const shown = await Promise.all(found.results.slice(0, 8).map((r) => r.data()));

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const total = fetched.reduce((sum, [, n]) => sum + n, 0);
const group = (test) => fetched.filter(([p]) => test(p)).reduce((sum, [, n]) => sum + n, 0);
console.log(`"${query}": ${found.results.length} results, first ${shown.map((d) => d.url).slice(0, 3).join(", ")}`);
console.log(
  `first query downloads ${kb(total)} gzipped: scripts ${kb(group((p) => p.startsWith("js/")))}, ` +
    `index.json ${kb(group((p) => p.endsWith("/index.json")))}, ` +
    `${fetched.filter(([p]) => p.includes("/w/")).length} word chunks ${kb(group((p) => p.includes("/w/")))}, ` +
    `${shown.length} fragments ${kb(group((p) => p.includes("/p/")))}`,
);
