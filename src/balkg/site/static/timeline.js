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
    if (shown.length) { timeline.fit({ animation: false }); }
  }
  actor.addEventListener("change", apply);
  type.addEventListener("change", apply);
  window.balkgTimeline = { timeline: timeline, items: items, apply: apply };
  apply();
})();
