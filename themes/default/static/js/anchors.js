// Gives each heading of the page's text a "#" link to itself, shown on hover and focus.
// Written here rather than into every page: a bank's problems have hundreds of headings,
// and the links are for readers with a pointer or keyboard, who run this script. Headings
// the theme writes itself (`data-no-anchor`) get none.

export function init(root) {
  for (const h of root.querySelectorAll("main :is(h1, h2, h3, h4, h5, h6)[id]:not([data-no-anchor])")) {
    if (h.querySelector(".heading-anchor")) continue;
    const a = document.createElement("a");
    a.className = "heading-anchor";
    a.href = `#${encodeURIComponent(h.id)}`;
    a.setAttribute("aria-label", "Link to this section");
    a.textContent = "#";
    h.append(a);
  }
}
