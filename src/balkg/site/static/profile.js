// An entity page's designations in force on a chosen day; the same rule as balkg.site.profile.in_force.
(function () {
  "use strict";
  var box = document.getElementById("in-force-date");
  if (!box) { return; }
  function inForce(row, day) {
    var lf = row.getAttribute("data-listed-first"), ll = row.getAttribute("data-listed-last");
    var rf = row.getAttribute("data-revoked-first"), rl = row.getAttribute("data-revoked-last");
    if (!lf) { return "unknown"; }
    if (day < lf) { return "no"; }
    if (rf && day > rl) { return "no"; }
    if (day <= ll && lf !== ll) { return "uncertain"; }
    if (rf && day >= rf) { return rf !== rl ? "uncertain" : "no"; }
    return "yes";
  }
  function show() {
    var day = box.value;
    if (!day) { return; }
    document.querySelectorAll("#designation-table tr[data-listed-first]").forEach(function (row) {
      var cell = row.querySelector("td.in-force"), state = inForce(row, day);
      cell.textContent = state;
      cell.setAttribute("data-in-force", state);
    });
    document.querySelectorAll(".in-force-day").forEach(function (s) { s.textContent = day; });
  }
  box.addEventListener("change", show);
  box.addEventListener("input", show);
  window.balkgProfile = { setDate: function (day) { box.value = day; show(); } };
})();
