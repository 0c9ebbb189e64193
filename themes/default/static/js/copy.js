// Copy buttons on code blocks, with "Copied" feedback announced to screen readers.

export function init(root) {
  for (const block of root.querySelectorAll(".code-block")) {
    const code = block.querySelector("pre code");
    if (!code) continue;
    let header = block.querySelector(".code-header");
    if (!header) {
      header = document.createElement("div");
      header.className = "code-header";
      block.prepend(header);
    }
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy";
    button.setAttribute("aria-live", "polite");
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(code.innerText.replace(/\n$/, ""));
        button.textContent = "Copied";
      } catch {
        button.textContent = "Press Ctrl+C";
        const range = document.createRange();
        range.selectNodeContents(code);
        const selection = getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      }
      setTimeout(() => (button.textContent = "Copy"), 2000);
    });
    header.append(button);
  }
}
