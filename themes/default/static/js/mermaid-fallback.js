// Diagrams the build could not render arrive as <pre class="mermaid">: load the
// self-hosted mermaid.js (only on those pages) and let it draw them.

export function init() {
  const script = document.createElement("script");
  script.src = new URL("../vendor/mermaid.min.js", import.meta.url).href;
  script.addEventListener("load", () => {
    const dark = document.documentElement.dataset.theme === "dark" ||
      (!document.documentElement.dataset.theme && matchMedia("(prefers-color-scheme: dark)").matches);
    globalThis.mermaid.initialize({ startOnLoad: false, theme: dark ? "dark" : "default", securityLevel: "strict" });
    globalThis.mermaid.run({ querySelector: "pre.mermaid" });
  });
  document.head.append(script);
}
