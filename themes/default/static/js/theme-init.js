// Loaded as a classic, blocking script in <head> so the chosen theme applies before the
// first paint (no flash), and so controls that need JavaScript are laid out from the
// first paint too (the `js` class; without it the stylesheet hides them).
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var site = new URL(root.getAttribute("data-root") || "./", location.href).pathname;
    var raw = localStorage.getItem("whiteboard:v1:" + site + ":theme");
    var value = raw && JSON.parse(raw).value;
    if (value === "light" || value === "dark") root.setAttribute("data-theme", value);
  } catch (e) {
    /* no storage, or unreadable: follow the system theme */
  }
})();
