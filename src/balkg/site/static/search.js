// Client-side search over every name and alias; the index is data/search.js (no server needed).
(function () {
  "use strict";
  var box = document.getElementById("search-box");
  var list = document.getElementById("search-results");
  var root = document.querySelector("a.brand").getAttribute("href").replace(/index\.html$/, "");
  var index = (window.BALKG_SEARCH || []).map(function (e) {
    return { e: e, keys: e.n.map(function (n) { return n.toLowerCase(); }) };
  });
  function render(query) {
    list.textContent = "";
    var q = query.trim().toLowerCase();
    if (q.length < 2) { return; }
    var hits = index.filter(function (x) {
      return x.keys.some(function (k) { return k.indexOf(q) !== -1; });
    });
    hits.sort(function (a, b) {
      var ea = a.keys.indexOf(q) !== -1 ? 0 : 1, eb = b.keys.indexOf(q) !== -1 ? 0 : 1;
      return ea - eb || a.e.l.localeCompare(b.e.l);
    });
    hits.slice(0, 50).forEach(function (x) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + x.e.p;
      a.textContent = x.e.l;
      li.appendChild(a);
      var others = x.e.n.filter(function (n) { return n !== x.e.l; });
      var aka = document.createElement("span");
      aka.className = "aka";
      aka.textContent = " " + x.e.t.join(", ") + (others.length ? " · also " + others.join(", ") : "");
      li.appendChild(aka);
      list.appendChild(li);
    });
    if (!hits.length) {
      var none = document.createElement("li");
      none.textContent = "no name or alias contains “" + query.trim() + "”";
      list.appendChild(none);
    }
  }
  box.addEventListener("input", function () { render(box.value); });
  if (box.value) { render(box.value); }
})();
