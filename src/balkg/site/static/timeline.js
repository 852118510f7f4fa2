// The event timeline (vis-timeline), filtered by actor and event type. Data: data/timeline.js.
(function () {
  "use strict";
  var data = window.BALKG_TIMELINE;
  var root = window.BALKG_ROOT || "";
  function nextDay(day) {
    var d = new Date(day + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }
  function item(e) {
    var span = e.start !== e.stop || e.precision !== "day";
    var text = e.begin.shown + (e.end ? " – " + e.end.shown : "") + ": " + e.label;
    var out = { id: e.id, content: e.label, title: text, start: e.start, className: "precision-" + e.precision };
    if (span) { out.end = nextDay(e.stop); out.type = "range"; } else { out.type = "point"; }
    return out;
  }
  var items = new vis.DataSet(data.events.map(item));
  var container = document.getElementById("timeline");
  var timeline = new vis.Timeline(container, items, {
    stack: true, zoomKey: "ctrlKey", maxHeight: 620, orientation: { axis: "top" }, tooltip: { followMouse: true }
  });
  timeline.on("select", function (props) {
    if (!props.items.length) { return; }
    var event = data.events.find(function (e) { return e.id === props.items[0]; });
    if (event && event.href) { window.location.href = root + event.href; }
  });
  var actor = document.getElementById("timeline-actor");
  var type = document.getElementById("timeline-type");
  var status = document.getElementById("timeline-status");
  function apply() {
    var shown = data.events.filter(function (e) {
      return (!actor.value || e.actors.indexOf(actor.value) !== -1) &&
             (!type.value || e.type_ids.indexOf(type.value) !== -1);
    });
    var ids = new Set(shown.map(function (e) { return e.id; }));
    items.clear();
    items.add(shown.map(item));
    document.querySelectorAll("#timeline-table tr[data-event]").forEach(function (tr) {
      tr.hidden = !ids.has(tr.getAttribute("data-event"));
    });
    status.textContent = shown.length + " of " + data.events.length + " dated events shown";
    status.setAttribute("data-count", String(shown.length));
    if (shown.length) { fitWithLabels(shown); }
  }

  // The first view holds every event and every label. A dated instant is a box whose label runs to
  // the right of its date in the left half of the view and to the left of it in the right half, so
  // no label runs past an edge; a span too narrow for its label becomes such a box (hatched, since
  // its date is imprecise), with the span in its tooltip.
  var ruler = document.createElement("canvas").getContext("2d");
  function fitWithLabels(shown) {
    var panel = container.querySelector(".vis-panel.vis-center") || container;
    var width = panel.clientWidth;
    var sample = container.querySelector(".vis-item-content") || container;
    ruler.font = window.getComputedStyle(sample).font;
    var starts = shown.map(function (e) { return Date.parse(e.start); });
    var stops = shown.map(function (e) { return Date.parse(nextDay(e.stop)); });
    var first = Math.min.apply(null, starts), last = Math.max.apply(null, stops);
    var pad = Math.max((last - first) * 0.02, 15 * 86400000);
    var start = first - pad, end = last + pad, perMs = width / (end - start);
    timeline.setWindow(start, end, { animation: false });
    var boxes = [];
    shown.forEach(function (e, i) {
      var room = ruler.measureText(e.label).width + 24;
      var current = items.get(e.id);
      if (current.type === "range" && (stops[i] - starts[i]) * perMs >= room) { return; }
      var x = (starts[i] - start) * perMs;
      boxes.push(Object.assign(item(e), { type: "box", end: undefined, align: x > width / 2 ? "right" : "left",
                                          className: "precision-" + e.precision + (current.type === "range" ? " narrow" : "") }));
    });
    if (boxes.length) { items.update(boxes); }
  }

  actor.addEventListener("change", apply);
  type.addEventListener("change", apply);
  window.balkgTimeline = { timeline: timeline, items: items, apply: apply, fit: fitWithLabels };
  apply();
})();
