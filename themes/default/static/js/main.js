// Entry module: loads each feature only on pages that have what it works on.
// Every page reads fine without it; these scripts only add.

const features = [
  ["[data-tabs]", "./tabs.js"],
  [".code-block", "./copy.js"],
  ["pre.mermaid", "./mermaid-fallback.js"],
];

for (const [selector, module] of features) {
  if (document.querySelector(selector)) {
    import(module)
      .then((m) => m.init(document))
      .catch((err) => console.warn(`whiteboard: ${module} did not load`, err));
  }
}
