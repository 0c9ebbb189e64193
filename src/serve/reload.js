// Injected by `whiteboard serve` only (never in a build): reloads the page after a
// rebuild, swaps stylesheets in place after a CSS-only change, and shows build errors
// over the page until they are fixed.

const events = new EventSource("/__whiteboard/events");
let overlay = null;

function showError(text) {
  if (!overlay) {
    overlay = document.createElement("div");
    overlay.className = "wb-error-overlay";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:0;z-index:9999;overflow:auto;background:rgba(15,18,23,.94);color:#f6f8fa;padding:2rem;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap";
    document.body.append(overlay);
  }
  overlay.textContent = `whiteboard: the last edit did not build; this page shows the last good version.\n\n${text}`;
}

events.addEventListener("reload", () => location.reload());
events.addEventListener("css", () => {
  for (const link of document.querySelectorAll("link[rel=stylesheet]")) {
    const url = new URL(link.href);
    url.searchParams.set("reload", Date.now());
    link.href = url.href;
  }
  overlay?.remove();
  overlay = null;
});
events.addEventListener("error", (e) => {
  if (e.data) showError(JSON.parse(e.data));
});
events.addEventListener("ok", () => {
  overlay?.remove();
  overlay = null;
});
