// The actor network as of a chosen date (Cytoscape.js). Data: data/network.js, from the site queries.
(function () {
  "use strict";
  var data = window.BALKG_NETWORK;
  var root = window.BALKG_ROOT || "";
  var palette = ["#e74c3c", "#3498db", "#2ecc71", "#f39c12", "#9b59b6", "#1abc9c", "#e67e22", "#34495e",
                 "#d35400", "#16a085", "#8e44ad", "#7f8c8d"];
  var types = Array.from(new Set(data.nodes.map(function (n) { return n.type; }))).sort();
  var shapes = ["ellipse", "round-rectangle", "diamond", "triangle", "hexagon", "star", "vee", "pentagon"];
  var colour = {}, shape = {};
  types.forEach(function (t, i) { colour[t] = palette[i % palette.length]; shape[t] = shapes[i % shapes.length]; });

  function within(b, day, side) {   // is `day` inside the days a date covers?
    return b && b.first <= day && day <= b.last && b.precision !== "day";
  }
  function started(b, day) { return !b || b.first <= day; }
  function notEnded(b, day) { return !b || b.last >= day; }

  var elements = data.nodes.map(function (n) {
    return { group: "nodes", data: { id: n.id, label: n.label, type: n.type, colour: colour[n.type], shape: shape[n.type],
                                     href: n.href, founded: n.founded, dissolved: n.dissolved,
                                     classes: n.classes.join(", ") } };
  }).concat(data.edges.map(function (e) {
    return { group: "edges", data: { id: e.id, source: e.source, target: e.target, kind: e.kind,
                                     label: e.relation, established: e.established, begin: e.begin, end: e.end,
                                     href: e.href, claimant: e.claimant },
             classes: e.established ? e.kind : "alleged" };
  }));

  var cy = cytoscape({
    container: document.getElementById("network"),
    elements: elements,
    style: [
      { selector: "node", style: { "background-color": "data(colour)", "shape": "data(shape)", "label": "data(label)", "font-size": 12,
                                   "text-wrap": "wrap", "text-max-width": 110, "width": 18, "height": 18,
                                   "border-width": 1, "border-color": "#333" } },
      { selector: "edge", style: { "width": 1.6, "curve-style": "bezier", "target-arrow-shape": "triangle",
                                   "arrow-scale": 0.7, "line-color": "#2c3e50", "target-arrow-color": "#2c3e50",
                                   "font-size": 9, "color": "#555", "text-rotation": "autorotate" } },
      { selector: "edge:selected, edge.hover", style: { "label": "data(label)", "width": 3 } },
      { selector: "edge.structure", style: { "width": 3, "line-color": "#7f8c8d", "target-arrow-color": "#7f8c8d" } },
      { selector: "edge.change", style: { "line-style": "dotted", "line-color": "#2471a3", "target-arrow-color": "#2471a3" } },
      { selector: "edge.alleged", style: { "line-style": "dashed", "line-color": "#c0392b", "target-arrow-color": "#c0392b" } },
      { selector: ".uncertain", style: { "opacity": 0.45 } },
      { selector: ".hidden", style: { "display": "none" } }
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 400000, idealEdgeLength: 110,
              nodeOverlap: 40, gravity: 0.2, numIter: 2500, componentSpacing: 60, padding: 20 }
  });

  cy.on("tap", "node", function (evt) {
    var href = evt.target.data("href");
    if (href) { window.location.href = root + href; }
  });
  cy.on("mouseover", "edge", function (evt) { evt.target.addClass("hover"); });
  cy.on("mouseout", "edge", function (evt) { evt.target.removeClass("hover"); });
  cy.on("tap", "edge", function (evt) {
    var href = evt.target.data("href");
    if (href) { window.location.href = root + href; }
  });

  var status = document.getElementById("network-status");
  var dateBox = document.getElementById("network-date");
  var slider = document.getElementById("network-slider");
  var all = document.getElementById("network-all");
  var firstMs = Date.parse(data.first), lastMs = Date.parse(data.last);
  var dayMs = 86400000;
  slider.min = 0;
  slider.max = Math.round((lastMs - firstMs) / dayMs);
  slider.value = slider.max;

  function show(day) {
    var everything = all.checked;
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        var f = n.data("founded"), d = n.data("dissolved");
        var visible = everything || (started(f, day) && notEnded(d, day));
        n.toggleClass("hidden", !visible);
        n.toggleClass("uncertain", !everything && (within(f, day) || within(d, day)));
      });
      cy.edges().forEach(function (e) {
        var b = e.data("begin"), end = e.data("end");
        var active = everything || (started(b, day) && notEnded(end, day));
        var ends = !e.source().hasClass("hidden") && !e.target().hasClass("hidden");
        e.toggleClass("hidden", !(active && ends));
        e.toggleClass("uncertain", !everything && (within(b, day) || within(end, day)));
      });
    });
    var nodes = cy.nodes().not(".hidden").length, edges = cy.edges().not(".hidden").length;
    status.textContent = everything ? nodes + " actors and " + edges + " relations, all dates"
                                    : nodes + " actors and " + edges + " relations on " + day;
    status.setAttribute("data-nodes", String(nodes));
    status.setAttribute("data-date", everything ? "" : day);
  }
  function fromSlider() {
    var day = new Date(firstMs + Number(slider.value) * dayMs).toISOString().slice(0, 10);
    dateBox.value = day;
    show(day);
  }
  slider.addEventListener("input", fromSlider);
  dateBox.addEventListener("change", function () {
    if (!dateBox.value) { return; }
    slider.value = Math.round((Date.parse(dateBox.value) - firstMs) / dayMs);
    show(dateBox.value);
  });
  all.addEventListener("change", function () { show(dateBox.value || data.last); });
  document.getElementById("network-png").addEventListener("click", function () {
    var a = document.createElement("a");
    a.href = cy.png({ full: true, scale: 2, bg: "white" });
    a.download = "balkg-network-" + (dateBox.value || "all") + ".png";
    a.click();
  });

  var legend = document.getElementById("network-legend");
  types.forEach(function (t) {
    var span = document.createElement("span");
    var dot = document.createElement("i");
    dot.style.background = colour[t];
    span.appendChild(dot);
    span.appendChild(document.createTextNode(t));
    legend.appendChild(span);
  });

  window.balkgNetwork = {
    cy: cy,
    setDate: function (day) {
      all.checked = false;
      dateBox.value = day;
      slider.value = Math.round((Date.parse(day) - firstMs) / dayMs);
      show(day);
      return cy.nodes().not(".hidden").length;
    },
    visibleNodes: function () { return cy.nodes().not(".hidden").map(function (n) { return n.id(); }); }
  };
  show(dateBox.value || data.last);
})();
