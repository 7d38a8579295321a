(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("annalist-data").textContent);
  var events = data.events;
  var wrap = document.getElementById("tl-wrap");
  var tooltip = document.getElementById("tl-tooltip");
  var detail = document.getElementById("tl-detail");
  var PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948",
                 "#9c755f", "#bab0ac", "#86bcb6", "#d4a6c8", "#8cd17d", "#a0cbe8"];
  var MARGIN_LEFT = 150, MARGIN_RIGHT = 16, AXIS_H = 34, UNDATED_W = 86, ROW_H = 24;
  var state = { scale: "compressed", view: null, filter: "", selected: null };

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) node.setAttribute(k, attrs[k]); }
    if (parent) parent.appendChild(node);
    return node;
  }
  function h(tag, text, parent, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    if (parent) parent.appendChild(node);
    return node;
  }

  document.getElementById("tl-controls").hidden = false;
  document.getElementById("tl-legend").hidden = false;
  if (!events.length) {
    h("p", "No events were extracted.", wrap, "empty");
    return;
  }

  // Lanes: event types, the most frequent first.
  var laneCount = {};
  events.forEach(function (e) { laneCount[e.type] = (laneCount[e.type] || 0) + 1; });
  var lanes = Object.keys(laneCount).sort(function (a, b) {
    return laneCount[b] - laneCount[a] || (a < b ? -1 : a > b ? 1 : 0);
  });
  var color = {};
  lanes.forEach(function (l, i) { color[l] = PALETTE[i % PALETTE.length]; });
  var dated = events.filter(function (e) { return e.t0 !== null; });
  var hasUndated = dated.length < events.length;

  // The time scale. Knots are every event's start and end; the stretch between two knots
  // keeps its length up to CAP years, longer gaps grow only logarithmically ("compressed
  // gaps"), so centuries with nothing in them do not squeeze the busy decades flat.
  function buildScale(kind) {
    var lo = Infinity, hi = -Infinity;
    dated.forEach(function (e) { lo = Math.min(lo, e.t0); hi = Math.max(hi, e.t1); });
    var span = Math.max(hi - lo, 1);
    var pad = Math.max(0.5, span * 0.02);
    lo -= pad; hi += pad;
    var total = hi - lo;
    // Adaptive scale: u(t) = ALPHA * linear time + (1 - ALPHA) * the share of events up
    // to t, each event's weight spread over its own interval (at least MINW wide). Busy
    // decades widen, empty centuries shrink, and order and direction are always kept.
    var ALPHA = kind === "linear" ? 1 : 0.3, MINW = Math.max(total / 4000, 1 / 365.25);
    var edges = [];
    dated.forEach(function (e) {
      var a = e.t0, b = Math.max(e.t1, e.t0 + MINW), mid = (a + b) / 2;
      if (b - a < MINW) { a = mid - MINW / 2; b = mid + MINW / 2; }
      edges.push([a, 1 / (b - a)], [b, -1 / (b - a)]);
    });
    edges.sort(function (x, y) { return x[0] - y[0]; });
    var knots = [lo], mass = [0], slope = 0, m = 0;
    edges.forEach(function (ed) {
      var t = Math.min(Math.max(ed[0], lo), hi), last = knots[knots.length - 1];
      m += slope * (t - last);
      if (t - last > 1e-9) { knots.push(t); mass.push(m); }
      slope += ed[1];
    });
    if (hi - knots[knots.length - 1] > 1e-9) { knots.push(hi); mass.push(m); }
    var n = Math.max(m, 1e-9);
    var units = knots.map(function (t, i) {
      return ALPHA * (t - lo) + (1 - ALPHA) * total * (mass[i] / n);
    });
    // Runs drawn at less than half their linear length are "compressed gaps" (hatched).
    var breaks = [];
    for (var i = 1; i < knots.length; i++) {
      var dt = knots[i] - knots[i - 1];
      if (kind !== "linear" && (units[i] - units[i - 1]) < 0.5 * dt) {
        var prev = breaks[breaks.length - 1];
        if (prev && Math.abs(prev[1] - knots[i - 1]) < 1e-9) prev[1] = knots[i];
        else breaks.push([knots[i - 1], knots[i]]);
      }
    }
    function toUnit(t) {
      if (t <= knots[0]) return units[0] - (knots[0] - t);
      var n = knots.length - 1;
      if (t >= knots[n]) return units[n] + (t - knots[n]);
      var a = 0, b = n;
      while (b - a > 1) { var m = (a + b) >> 1; if (knots[m] <= t) a = m; else b = m; }
      var f = (t - knots[a]) / (knots[b] - knots[a]);
      return units[a] + f * (units[b] - units[a]);
    }
    function fromUnit(u) {
      var n = knots.length - 1;
      if (u <= units[0]) return knots[0] - (units[0] - u);
      if (u >= units[n]) return knots[n] + (u - units[n]);
      var a = 0, b = n;
      while (b - a > 1) { var m = (a + b) >> 1; if (units[m] <= u) a = m; else b = m; }
      var f = (u - units[a]) / (units[b] - units[a]);
      return knots[a] + f * (knots[b] - knots[a]);
    }
    return { toUnit: toUnit, fromUnit: fromUnit, total: units[units.length - 1],
             breaks: breaks, lo: lo, hi: hi };
  }

  var scale = dated.length ? buildScale(state.scale) : null;

  function fmtYear(y) { return y < 0 ? (-y) + " BCE" : String(y); }
  var MON = ["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep","Oct","Nov","Dec"];

  function render() {
    var width = Math.max(wrap.clientWidth || 900, 480);
    var plotRight = width - MARGIN_RIGHT - (hasUndated ? UNDATED_W : 0);
    var plotW = plotRight - MARGIN_LEFT;
    var view = state.view || (scale ? [0, scale.total] : [0, 1]);
    function x(t) { return MARGIN_LEFT + (scale.toUnit(t) - view[0]) / (view[1] - view[0]) * plotW; }
    function tAt(px) { return scale.fromUnit(view[0] + (px - MARGIN_LEFT) / plotW * (view[1] - view[0])); }
    function radius(e) { return Math.min(4.5 + 2.5 * Math.sqrt(Math.max(e.n - 1, 0)), 12); }

    // Place marks: in each lane, greedy rows so marks overlapping on screen stack up.
    var geom = {}, laneRows = {};
    lanes.forEach(function (l) { laneRows[l] = []; });
    var order = events.slice().sort(function (a, b) {
      var ax = a.t0 === null ? Infinity : a.t0, bx = b.t0 === null ? Infinity : b.t0;
      return ax - bx || (a.id < b.id ? -1 : 1);
    });
    var undatedCount = {};
    order.forEach(function (e) {
      var r = radius(e), g = { r: r };
      if (e.t0 === null) {
        var k = undatedCount[e.type] = (undatedCount[e.type] || 0) + 1;
        g.undated = true;
        g.cx = plotRight + 14 + ((k - 1) % 4) * 18; g.left = g.cx - r; g.right = g.cx + r;
        g.row = Math.floor((k - 1) / 4);
      } else {
        var x0 = x(e.t0), x1 = x(e.t1);
        g.x0 = x0; g.x1 = x1;
        if (e.span) { g.left = x0; g.right = Math.max(x1, x0 + 2 * r); }
        else { g.cx = (x0 + x1) / 2; g.left = Math.min(g.cx - r, x0); g.right = Math.max(g.cx + r, x1); }
        var rows = laneRows[e.type], row = 0;
        while (row < rows.length && rows[row] > g.left - 3) row++;
        if (row >= 6) { row = rows.indexOf(Math.min.apply(null, rows)); }
        rows[row] = g.right;
        g.row = row;
      }
      geom[e.id] = g;
    });
    // The axis runs along the top, so it stays in view above many lanes.
    var laneH = {}, laneY = {}, A = AXIS_H, y = A;
    lanes.forEach(function (l) {
      var n = Math.max(laneRows[l].length, 1);
      events.forEach(function (e) { if (e.type === l && geom[e.id].undated) n = Math.max(n, geom[e.id].row + 1); });
      laneH[l] = Math.max(38, n * (ROW_H + 4) + 12);
      laneY[l] = y; y += laneH[l];
    });
    var height = y + 1;

    var svg = el("svg", { width: width, height: height, role: "img",
      "aria-label": "Timeline of " + events.length + " events in " + lanes.length + " lanes",
      id: "timeline-svg" });
    var defs = el("defs", {}, svg);
    var pat = el("pattern", { id: "gap-hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse",
      patternTransform: "rotate(45)" }, defs);
    el("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#d8dde3", "stroke-width": 2 }, pat);
    var clip = el("clipPath", { id: "plot-clip" }, defs);
    el("rect", { x: MARGIN_LEFT, y: 0, width: plotW, height: height }, clip);

    lanes.forEach(function (l, i) {
      el("rect", { x: 0, y: laneY[l], width: width, height: laneH[l], "class": "lane-bg" + (i % 2 ? " odd" : "") }, svg);
      var lab = el("text", { x: 10, y: laneY[l] + 18, "class": "lane-label" }, svg);
      lab.textContent = l.length > 20 ? l.slice(0, 19) + "…" : l;
      var title = el("title", {}, lab); title.textContent = l;
      var cnt = el("text", { x: 10, y: laneY[l] + 32, "class": "lane-count" }, svg);
      cnt.textContent = laneCount[l] + (laneCount[l] === 1 ? " event" : " events");
      el("rect", { x: 0, y: laneY[l], width: 5, height: laneH[l], fill: color[l] }, svg);
    });
    if (hasUndated) {
      el("rect", { x: plotRight + 2, y: A, width: UNDATED_W - 2, height: y - A, "class": "undated-bg" }, svg);
      var ut = el("text", { x: plotRight + 8, y: A - 12, "class": "undated-label" }, svg);
      ut.textContent = "undated";
    }

    var plot = el("g", { "clip-path": "url(#plot-clip)" }, svg);
    var axis = el("g", { "class": "axis" }, svg);
    if (scale) {
      // Compressed gaps: hatched, with a break mark on the axis.
      scale.breaks.forEach(function (b) {
        var a = x(b[0]), c = x(b[1]);
        if (c < MARGIN_LEFT || a > plotRight || c - a < 30) return;
        el("rect", { x: a + 3, y: A, width: c - a - 6, height: y - A, "class": "gap-shade" }, plot);
        var m = (a + c) / 2;
        if (m > MARGIN_LEFT && m < plotRight)
          el("path", { d: "M" + (m - 5) + " " + (A + 5) + " L" + (m - 1) + " " + (A - 5) +
            " M" + (m + 1) + " " + (A + 5) + " L" + (m + 5) + " " + (A - 5), "class": "gap-break" }, axis);
      });
      // Ticks: coarse steps first, finer ones where they fit at least 64px apart.
      var tMin = tAt(MARGIN_LEFT), tMax = tAt(plotRight);
      var taken = [], steps = [1000, 500, 200, 100, 50, 20, 10, 5, 2, 1];
      if (tMax - tMin < 4) steps.push(1 / 12);
      el("line", { x1: MARGIN_LEFT, y1: A, x2: plotRight, y2: A }, axis);
      steps.forEach(function (s, si) {
        var first = Math.ceil(tMin / s), last = Math.floor(tMax / s);
        if (last - first > 3000) return;
        for (var k = first; k <= last; k++) {
          var t = k * s, px = x(t);
          if (px < MARGIN_LEFT + 12 || px > plotRight - 24) continue;
          var ok = true;
          for (var j = 0; j < taken.length; j++) if (Math.abs(taken[j] - px) < 64) { ok = false; break; }
          if (!ok) continue;
          taken.push(px);
          el("line", { x1: px, y1: A, x2: px, y2: y, "class": si < 4 ? "major" : "" }, plot);
          el("line", { x1: px, y1: A - 5, x2: px, y2: A }, axis);
          var label = el("text", { x: px, y: A - 10, "text-anchor": "middle" }, axis);
          if (s < 1) {
            var yr = Math.floor(t + 1e-9), mo = Math.round((t - yr) * 12);
            label.textContent = MON[Math.min(mo, 11)] + " " + fmtYear(yr);
          } else label.textContent = fmtYear(Math.round(t));
        }
      });
    }

    var needle = state.filter.toLowerCase();
    order.forEach(function (e) {
      var g = geom[e.id];
      var cy = laneY[e.type] + 8 + (ROW_H + 4) * g.row + ROW_H / 2;
      var parent = g.undated ? svg : plot;
      var node = el("g", { "class": "ev" + (e.conflict ? " conflict" : "") + (state.selected === e.id ? " selected" : ""),
        "data-event-id": e.id, tabindex: 0, role: "button",
        "aria-label": e.title + ", " + e.when + (e.conflict ? ", sources disagree" : "") }, parent);
      if (needle) {
        var hay = [e.title, e.type, e.when, e.date].concat(e.actors, e.places).join(" ").toLowerCase();
        if (hay.indexOf(needle) < 0) node.setAttribute("class", node.getAttribute("class") + " dim");
      }
      var c = color[e.type];
      if (g.undated) {
        el("circle", { cx: g.cx, cy: cy, r: g.r, fill: c, stroke: "#333", "class": "mark" }, node);
      } else if (e.span) {
        var hgt = Math.min(2 * g.r, ROW_H);
        el("rect", { x: g.left, y: cy - hgt / 2, width: Math.max(g.right - g.left, 4), height: hgt,
          rx: Math.min(hgt / 2, 6), fill: c, stroke: "#333", "class": "mark" }, node);
      } else {
        if (g.x1 - g.x0 > 2 * g.r)
          el("line", { x1: g.x0, y1: cy, x2: g.x1, y2: cy, stroke: c, "class": "range" }, node);
        el("circle", { cx: g.cx, cy: cy, r: g.r, fill: c, stroke: "#333", "class": "mark" }, node);
      }
      node.addEventListener("mouseenter", function (ev) { showTip(e, ev); });
      node.addEventListener("mousemove", function (ev) { moveTip(ev); });
      node.addEventListener("mouseleave", hideTip);
      node.addEventListener("focus", function () { showTip(e, null, node); });
      node.addEventListener("blur", hideTip);
      node.addEventListener("click", function (ev) { ev.stopPropagation(); select(e.id); });
      node.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select(e.id); }
      });
    });

    wrap.textContent = "";
    wrap.appendChild(svg);
    attachPanZoom(svg, plotW);
  }

  function showTip(e, ev, node) {
    tooltip.textContent = "";
    h("div", e.title, tooltip, "tt-title");
    h("div", e.when + " · precision: " + e.precision + (e.date ? " · " + e.date : ""), tooltip);
    h("div", e.type + " · " + e.n + (e.n === 1 ? " source" : " sources") + " · " + e.nm +
      (e.nm === 1 ? " mention" : " mentions"), tooltip);
    if (e.conflict) h("div", "Sources disagree — click for details", tooltip, "tt-conflict");
    tooltip.hidden = false;
    if (ev) moveTip(ev);
    else if (node) { var r = node.getBoundingClientRect(); place(r.right, r.bottom); }
  }
  function moveTip(ev) { place(ev.clientX, ev.clientY); }
  function place(cx, cy) {
    var w = tooltip.offsetWidth, hh = tooltip.offsetHeight;
    var left = cx + 14, top = cy + 14;
    if (left + w > window.innerWidth - 8) left = cx - w - 14;
    if (top + hh > window.innerHeight - 8) top = cy - hh - 14;
    tooltip.style.left = Math.max(4, left) + "px";
    tooltip.style.top = Math.max(4, top) + "px";
  }
  function hideTip() { tooltip.hidden = true; }

  // Links were vetted in Python; refuse any scheme but http(s) here as well.
  function safeHref(href) {
    if (!href) return "";
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return /^https?:\/\//i.test(href) ? href : "";
    return href;
  }
  function locatorLabel(loc) {
    var m = /[?&#]t=(\d+)s?\b/.exec(loc);
    if (!m || !/^https?:\/\//i.test(loc)) return loc;
    var s = +m[1], hh = Math.floor(s / 3600), mm = Math.floor(s / 60) % 60, ss = s % 60;
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return "▶ " + (hh ? hh + ":" + pad(mm) : mm) + ":" + pad(ss);
  }
  function locatorNode(loc, href, parent) {
    if (!loc) return;
    href = safeHref(href);
    if (href) {
      var a = h("a", locatorLabel(loc), parent);
      a.href = href; a.target = "_blank"; a.rel = "noopener noreferrer"; a.title = loc;
    } else {
      h("code", loc, parent);
    }
  }

  function select(id) {
    state.selected = id;
    var e = null;
    events.forEach(function (x) { if (x.id === id) e = x; });
    Array.prototype.forEach.call(wrap.querySelectorAll(".ev"), function (n) {
      n.classList.toggle("selected", n.getAttribute("data-event-id") === id);
    });
    detail.textContent = "";
    if (!e) return;
    h("h3", e.title, detail);
    var meta = e.when + " · precision: " + e.precision + (e.date ? " · TIMEX3 " + e.date : "") +
      " · " + e.type + " · " + e.n + (e.n === 1 ? " source" : " sources") +
      (e.confidence ? " · confidence " + e.confidence : "") + " · " + e.id;
    h("div", meta, detail, "meta");
    if (e.actors.length) h("div", "Actors: " + e.actors.join(", "), detail);
    if (e.places.length) h("div", "Places: " + e.places.join(", "), detail);
    if (e.conflicts.length) {
      var box = h("div", null, detail, "conflict-box");
      h("strong", "Sources disagree", box);
      var ul = h("ul", null, box);
      e.conflicts.forEach(function (c) { h("li", c.field + ": " + c.value + " — " + c.doc, ul); });
    }
    h("div", e.quotes.length ? "Quotes" : "No quotes recorded.", detail).style.fontWeight = "600";
    var list = h("ul", null, detail);
    e.quotes.forEach(function (q) {
      var li = h("li", null, list);
      h("q", q.quote, li);
      var src = h("div", null, li, "meta");
      src.appendChild(document.createTextNode((q.doc ? q.doc : "") + (q.when && q.when !== "undated" ? " · " + q.when : "") + " "));
      locatorNode(q.locator, q.href, src);
    });
  }

  function attachPanZoom(svg, plotW) {
    if (!scale) return;
    var dragging = null;
    function current() { return state.view || [0, scale.total]; }
    function zoom(factor, px) {
      var v = current(), f = (px - MARGIN_LEFT) / plotW;
      f = Math.min(Math.max(f, 0), 1);
      var at = v[0] + f * (v[1] - v[0]), w = (v[1] - v[0]) * factor;
      w = Math.min(Math.max(w, scale.total / 5000), scale.total * 1.5);
      state.view = [at - f * w, at - f * w + w];
      render();
    }
    svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var r = svg.getBoundingClientRect();
      zoom(ev.deltaY < 0 ? 0.8 : 1.25, ev.clientX - r.left);
    }, { passive: false });
    svg.addEventListener("mousedown", function (ev) {
      dragging = { x: ev.clientX, view: current().slice(), moved: false };
      svg.classList.add("dragging");
    });
    window.onmousemove = function (ev) {
      if (!dragging) return;
      var dx = ev.clientX - dragging.x;
      if (Math.abs(dx) < 3 && !dragging.moved) return;
      dragging.moved = true;
      var w = dragging.view[1] - dragging.view[0], du = -dx / plotW * w;
      state.view = [dragging.view[0] + du, dragging.view[1] + du];
      render();
    };
    window.onmouseup = function () { dragging = null; svg.classList.remove("dragging"); };
    svg.addEventListener("dblclick", function () { state.view = null; render(); });
    zoomButtons.zoom = function (factor) { zoom(factor, MARGIN_LEFT + plotW / 2); };
  }
  var zoomButtons = { zoom: function () {} };

  document.getElementById("tl-zoom-in").addEventListener("click", function () { zoomButtons.zoom(0.6); });
  document.getElementById("tl-zoom-out").addEventListener("click", function () { zoomButtons.zoom(1 / 0.6); });
  document.getElementById("tl-reset").addEventListener("click", function () { state.view = null; render(); });
  document.getElementById("tl-scale").addEventListener("change", function (ev) {
    state.scale = ev.target.value; state.view = null;
    scale = dated.length ? buildScale(state.scale) : null;
    render();
  });
  document.getElementById("tl-filter").addEventListener("input", function (ev) {
    state.filter = ev.target.value.trim(); render();
  });
  Array.prototype.forEach.call(document.querySelectorAll("a.event-link"), function (a) {
    a.addEventListener("click", function () { select(a.getAttribute("data-target")); });
  });
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer); resizeTimer = setTimeout(render, 120);
  });
  render();
  // report.html#event=ID opens with that event selected (a link people can share).
  var wanted = /^#event=(.+)$/.exec(window.location.hash);
  if (wanted) select(decodeURIComponent(wanted[1]));
})();
