// Diagrams: a figure wider than its column scrolls inside itself and says so; "Full size"
// opens the diagram at its laid-out size in a dialog that scrolls both ways (and pinches).

export function init(root) {
  const figures = [...root.querySelectorAll("figure.diagram")];
  if (!figures.length) return;
  const dialog = document.createElement("dialog");
  dialog.className = "diagram-dialog";
  dialog.setAttribute("aria-label", "Diagram at full size");
  const close = document.createElement("button");
  close.type = "button";
  close.className = "button";
  close.textContent = "Close";
  const body = document.createElement("div");
  body.className = "diagram-dialog-body";
  // The copy lives in a shadow tree: its ids (which its stylesheet and arrowheads name)
  // are then its own, not a second use of the figure's on the page.
  const shadow = body.attachShadow({ mode: "open" });
  const sheet = document.createElement("style");
  sheet.textContent = "svg { display: block; max-width: none !important; height: auto; }";
  dialog.append(close, body);
  document.body.append(dialog);
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (e) => {
    if (e.target === dialog) dialog.close();
  });

  const mark = () => {
    for (const f of figures) {
      const scroll = f.querySelector(".diagram-scroll");
      f.classList.toggle("scrolls", scroll.scrollWidth > scroll.clientWidth + 2);
    }
  };
  for (const f of figures) {
    f.querySelector(".diagram-zoom")?.addEventListener("click", () => {
      const svg = f.querySelector(".diagram-scroll svg");
      if (!svg) return;
      const copy = svg.cloneNode(true);
      copy.removeAttribute("style");
      const width = f.querySelector(".diagram-scroll").style.getPropertyValue("--diagram-width");
      if (width) copy.style.width = width;
      shadow.replaceChildren(sheet, copy);
      dialog.showModal();
    });
  }
  mark();
  addEventListener("resize", mark);
}
