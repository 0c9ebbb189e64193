// Entry module: loads each feature only on pages that have what it works on.
// Every page reads fine without it; these scripts only add.

const features = [
  [".theme-toggle", "./theme.js"],
  ["[data-search]", "./search.js"],
  [".menu-button", "./nav.js"],
  [".toc", "./toc.js"],
  ["[data-tabs]", "./tabs.js"],
  [".code-block", "./copy.js"],
  ["pre.mermaid", "./mermaid-fallback.js"],
  [".rubric", "./rubric.js"],
  [".practice", "./practice.js"],
  [".problem-table", "./home.js"],
  [".progress-page", "./progress.js"],
  ["article.guide", "./scorer.js"],
];

// Rubric before the timer: the timer reads the rubric's score when an attempt finishes.
for (const [selector, module] of features) {
  if (document.querySelector(selector)) {
    try {
      const m = await import(module);
      m.init(document);
    } catch (err) {
      console.warn(`whiteboard: ${module} did not start`, err);
    }
  }
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
