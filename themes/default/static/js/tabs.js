// Content tabs: the build writes each panel under a visible label (stacked, readable
// without JavaScript); this turns the labels into an ARIA tablist with arrow-key
// navigation (WAI-ARIA Authoring Practices, tabs with automatic activation).

export function init(root) {
  for (const set of root.querySelectorAll("[data-tabs]")) enhance(set);
}

function enhance(set) {
  const panels = [...set.children].filter((el) => el.classList.contains("tabbed-block"));
  if (panels.length === 0) return;
  const list = document.createElement("div");
  list.setAttribute("role", "tablist");
  list.className = "tabbed-labels";
  const tabs = panels.map((panel, i) => {
    const label = panel.querySelector(":scope > .tabbed-label");
    const tab = document.createElement("button");
    tab.type = "button";
    tab.id = `${panel.id}-tab`;
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", panel.id);
    tab.textContent = label ? label.textContent : `Tab ${i + 1}`;
    if (label) label.hidden = true;
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", tab.id);
    panel.tabIndex = 0;
    tab.addEventListener("click", () => select(i));
    tab.addEventListener("keydown", (event) => {
      const keys = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: panels.length - 1 };
      if (!(event.key in keys)) return;
      event.preventDefault();
      const next = (keys[event.key] + panels.length) % panels.length;
      select(next);
      tabs[next].focus();
    });
    list.append(tab);
    return tab;
  });
  set.prepend(list);
  set.classList.add("tabbed-enhanced");

  function select(n) {
    tabs.forEach((tab, i) => {
      const on = i === n;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      panels[i].hidden = !on;
    });
  }
  const first = panels.findIndex((p) => p.hasAttribute("data-selected"));
  select(first < 0 ? 0 : first);
}
