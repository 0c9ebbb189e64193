// One line at the top of the page for what the reader should know (storage trouble,
// an import's result). Never more than one: a new notice replaces the old.

export function notice(text, kind = "info") {
  const main = document.querySelector("main") ?? document.body;
  let el = document.querySelector(".wb-notice");
  if (!el) {
    el = document.createElement("p");
    el.className = "wb-notice";
    el.setAttribute("role", "status");
    main.prepend(el);
  }
  el.dataset.kind = kind;
  el.textContent = text;
}
