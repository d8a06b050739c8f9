/* vitalcore map: pan and zoom of the server-drawn SVG (web/mapdraw.py), no library.
   Drag to pan, wheel or the +/- buttons to zoom (around the pointer, or the centre),
   "Whole map" to reset; the names of small areas show once zoomed in. A drag is not a
   click: after moving more than a few pixels, the link under the pointer is not
   followed. Without this script the whole map still shows and every area is a link. */
(function () {
  "use strict";
  var figure = document.getElementById("map");
  if (!figure) { return; }
  var svg = figure.querySelector("svg.basemap");
  var view = svg && svg.querySelector("g.viewport");
  if (!view) { return; }
  var width = Number(svg.getAttribute("data-width"));
  var height = Number(svg.getAttribute("data-height"));
  var state = { k: 1, x: 0, y: 0 };
  var MIN = 1, MAX = 16, DETAIL = 2.5;
  var labels = svg.querySelector("g.labels");

  function apply() {
    view.setAttribute("transform",
      "translate(" + state.x.toFixed(1) + " " + state.y.toFixed(1) + ") scale(" + state.k.toFixed(3) + ")");
    svg.classList.toggle("zoomed", state.k >= DETAIL);
    svg.setAttribute("data-zoom", state.k.toFixed(2));
    // Names keep their size on screen while the map grows under them.
    labels.querySelectorAll("text").forEach(function (t) {
      var base = t.getAttribute("data-size") || t.getAttribute("font-size");
      t.setAttribute("data-size", base);
      t.setAttribute("font-size", (Number(base) / Math.sqrt(state.k)).toFixed(2));
      t.setAttribute("stroke-width", (3 / state.k).toFixed(2));
    });
  }

  function toMap(event) {  // pointer position in the SVG's own units
    var box = svg.getBoundingClientRect();
    var unit = Number(svg.viewBox.baseVal.width) / box.width;
    return { x: (event.clientX - box.left) * unit, y: (event.clientY - box.top) * unit };
  }

  function zoom(factor, at) {
    var k = Math.min(MAX, Math.max(MIN, state.k * factor));
    var p = at || { x: width / 2, y: height / 2 };
    state.x = p.x - (p.x - state.x) * (k / state.k);
    state.y = p.y - (p.y - state.y) * (k / state.k);
    state.k = k;
    if (k === MIN) { state.x = 0; state.y = 0; }
    apply();
  }

  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    zoom(event.deltaY < 0 ? 1.25 : 0.8, toMap(event));
  }, { passive: false });

  var drag = null, moved = false;
  svg.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) { return; }
    drag = { start: toMap(event), x: state.x, y: state.y };
    moved = false;
  });
  window.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var p = toMap(event);
    var dx = p.x - drag.start.x, dy = p.y - drag.start.y;
    if (Math.abs(dx) + Math.abs(dy) > 4) { moved = true; }
    if (moved) {
      state.x = drag.x + dx;
      state.y = drag.y + dy;
      svg.classList.add("dragging");
      apply();
    }
  });
  window.addEventListener("pointerup", function () {
    drag = null;
    svg.classList.remove("dragging");
  });
  svg.addEventListener("click", function (event) {
    if (moved) { event.preventDefault(); moved = false; }
  }, true);

  figure.querySelector(".zoom-in").addEventListener("click", function () { zoom(1.5); });
  figure.querySelector(".zoom-out").addEventListener("click", function () { zoom(1 / 1.5); });
  figure.querySelector(".zoom-reset").addEventListener("click", function () {
    state = { k: 1, x: 0, y: 0 };
    apply();
  });
  figure.classList.add("interactive");
  apply();
}());
