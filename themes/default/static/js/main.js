// Entry module: loads each feature only on pages that have what it works on.
// Every page reads fine without it; these scripts only add.

const features = [
  [".theme-toggle", "./theme.js"],
  ["[data-search]", "./search.js"],
  ["#site-nav", "./nav.js"],
  [".toc", "./toc.js"],
  ["main [id]:is(h1, h2, h3, h4, h5, h6)", "./anchors.js"],
  ["[data-tabs]", "./tabs.js"],
  [".code-block", "./copy.js"],
  ["figure.diagram", "./diagrams.js"],
  ["pre.mermaid", "./mermaid-fallback.js"],
  [".rubric", "./rubric.js"],
  [".practice", "./practice.js"],
  [".problem-table", "./home.js"],
  [".progress-page", "./progress.js"],
  ["article.guide", "./scorer.js"],
];

// Every module this page needs loads at once (the page's <link rel=modulepreload> has
// them on their way already); they start in the order above: the rubric before the
// timer, which reads the rubric's score when an attempt finishes.
const wanted = features.filter(([selector]) => document.querySelector(selector));
const loaded = await Promise.allSettled(wanted.map(([, module]) => import(module)));
loaded.forEach((result, i) => {
  const module = wanted[i][1];
  try {
    if (result.status !== "fulfilled") throw result.reason;
    result.value.init(document);
  } catch (err) {
    console.warn(`whiteboard: ${module} did not start`, err);
  }
});

// The 404 page carries a <base> (it is served at any path), so its in-page links ("Skip
// to content", "Back to top") would lead to the site's root: they scroll here instead.
if (document.querySelector("base[href]")) {
  document.addEventListener("click", (e) => {
    const link = e.target.closest?.('a[href^="#"]');
    const target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    e.preventDefault();
    target.scrollIntoView();
    target.focus({ preventScroll: true });
  });
}

// Print everything: folded solutions, collapsed blocks and inactive tabs open for paper.
addEventListener("beforeprint", () => {
  for (const d of document.querySelectorAll("details:not([open])")) {
    d.dataset.printOpened = "";
    d.open = true;
  }
});
addEventListener("afterprint", () => {
  for (const d of document.querySelectorAll("details[data-print-opened]")) {
    d.open = false;
    delete d.dataset.printOpened;
  }
});
