// Loaded as a classic, blocking script in <head> so the chosen theme applies before the
// first paint (no flash). The toggle in theme.js writes the same key.
(function () {
  try {
    var root = document.documentElement;
    var site = new URL(root.getAttribute("data-root") || "./", location.href).pathname;
    var raw = localStorage.getItem("whiteboard:v1:" + site + ":theme");
    var value = raw && JSON.parse(raw).value;
    if (value === "light" || value === "dark") root.setAttribute("data-theme", value);
  } catch (e) {
    /* no storage, or unreadable: follow the system theme */
  }
})();
