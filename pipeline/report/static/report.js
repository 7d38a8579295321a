(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("annalist-data").textContent);
  var allEvents = data.events, events = allEvents;
  var W = data.words || {};
  function word(key, n) {
    // "1 event", "2 events": a word is a string, or {one, other} picked by the count n.
    var w = W[key];
    if (w === undefined) return key;
    if (typeof w === "string") return w.replace("{n}", n);
    return (n === 1 ? w.one : w.other).replace("{n}", n);
  }
  var wrap = document.getElementById("tl-wrap");
  var tooltip = document.getElementById("tl-tooltip");
  var detail = document.getElementById("tl-detail");
  var PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948",
                 "#9c755f", "#bab0ac", "#86bcb6", "#d4a6c8", "#8cd17d", "#a0cbe8"];
  var MARGIN_LEFT = 150, MARGIN_RIGHT = 16, AXIS_H = 34, UNDATED_W = 86, ROW_H = 24;
  var nTyped = allEvents.filter(function (e) { return e.typed; }).length;
  var nInherited = allEvents.filter(function (e) { return e.inherited; }).length;
  // Typed events by default; all of them when none is typed (nothing else to show).
  var state = { scale: "compressed", view: null, filter: "", selected: null,
                all: nTyped === 0, inherited: true };

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
  var status = document.getElementById("tl-status");
  if (!allEvents.length) {
    h("p", word("no_events", 0), wrap, "empty");
    return;
  }

  // Colours: one per event type over all events (the most frequent first), so a type
  // keeps its colour when the untyped events are shown or hidden.
  var allCount = {};
  allEvents.forEach(function (e) { allCount[e.type] = (allCount[e.type] || 0) + 1; });
  var color = {};
  Object.keys(allCount).sort(function (a, b) {
    return (allCount[b] - allCount[a]) || (a < b ? -1 : a > b ? 1 : 0);
  }).forEach(function (l, i) { color[l] = PALETTE[i % PALETTE.length]; });
  var laneCount, lanes, dated, hasUndated, scale;

  // Which events are drawn: typed ones (or all), inherited dates unless hidden.
  function choose() {
    events = allEvents.filter(function (e) {
      return (state.all || e.typed) && (state.inherited || !e.inherited);
    });
    laneCount = {};
    events.forEach(function (e) { laneCount[e.type] = (laneCount[e.type] || 0) + 1; });
    lanes = Object.keys(laneCount).sort(function (a, b) {
      return laneCount[b] - laneCount[a] || (a < b ? -1 : a > b ? 1 : 0);
    });
    dated = events.filter(function (e) { return e.t0 !== null; });
    hasUndated = dated.length < events.length;
    scale = dated.length ? buildScale(state.scale) : null;
    state.view = null;
    status.textContent = word("showing", events.length).replace("{total}", allEvents.length) +
      (state.all ? "" : " " + word("untyped_hidden", allEvents.length - nTyped)) +
      (state.inherited || !nInherited ? "" : " " + word("inherited_hidden", nInherited));
  }

  // The time scale: linear, except that long stretches with no event ("compressed
  // gaps") are drawn short, so centuries with nothing in them do not squeeze the busy
  // decades flat. Inside every stretch that is kept, time is linear, so the axis can carry
  // regular ticks; a gap is marked on the axis and its range is written in it.
  function buildScale(kind) {
    var lo = Infinity, hi = -Infinity;
    dated.forEach(function (e) { lo = Math.min(lo, e.t0); hi = Math.max(hi, e.t1); });
    // Occupied stretches: the events' intervals, merged where they overlap.
    var iv = dated.map(function (e) { return [e.t0, Math.max(e.t1, e.t0 + 1 / 365.25)]; });
    iv.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var occupied = [];
    iv.forEach(function (p) {
      var last = occupied[occupied.length - 1];
      if (last && p[0] <= last[1]) last[1] = Math.max(last[1], p[1]);
      else occupied.push([p[0], p[1]]);
    });
    var breaks = [];
    if (kind !== "linear") {
      // An empty stretch is a gap when it is longer than GAP_SHARE of the time that is
      // kept; again until none is added, since taking gaps out makes the kept time shorter.
      // Never shorter than MIN_GAP_SHARE of the whole span, so that a crowded year
      // keeps its neighbours rather than becoming an island between gaps.
      var GAP_SHARE = 0.08, MIN_GAP_SHARE = 0.02, span = hi - lo, kept = span, before = -1;
      for (var round = 0; round < 8 && breaks.length !== before; round++) {
        before = breaks.length;
        breaks = [];
        for (var i = 1; i < occupied.length; i++) {
          var a = occupied[i - 1][1], b = occupied[i][0];
          var trim = Math.min((b - a) * 0.02, 0.5);  // a little air around the events
          if (b - a > Math.max(GAP_SHARE * kept, MIN_GAP_SHARE * span, 2)) breaks.push([a + trim, b - trim]);
        }
        kept = hi - lo - breaks.reduce(function (s, g) { return s + g[1] - g[0]; }, 0);
      }
      // Each gap is drawn 7 % of the kept time wide, all of them together at most 35 %.
      var gapUnits = Math.max(kept, 1) * Math.min(0.07, 0.35 / Math.max(breaks.length, 1));
    }
    // A margin of 2 % of the kept time at either end.
    var pad = Math.max(0.5, Math.max(kept === undefined ? hi - lo : kept, 1) * 0.02);
    lo -= pad; hi += pad;
    var knots = [lo], units = [0];
    breaks.forEach(function (g) {
      units.push(units[units.length - 1] + (g[0] - knots[knots.length - 1])); knots.push(g[0]);
      units.push(units[units.length - 1] + gapUnits); knots.push(g[1]);
    });
    units.push(units[units.length - 1] + (hi - knots[knots.length - 1])); knots.push(hi);
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

  function fmtYear(y) { return y < 0 ? word("bce", 0).replace("{year}", -y) : String(y); }
  var MON = W.months || ["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep","Oct","Nov","Dec"];
  function fmtTime(t, fine) {
    var yr = Math.floor(t + 1e-6), mo = Math.round((t - yr) * 12);
    if (mo >= 12) { yr += 1; mo = 0; }
    return fine && mo ? MON[mo] + " " + fmtYear(yr) : fmtYear(fine ? yr : Math.round(t));
  }
  // A compressed gap's range as words: "1831 – 1889", or months when it is short.
  function fmtRange(a, b) {
    if (b - a >= 2) return fmtYear(Math.ceil(a - 1e-6)) + " – " + fmtYear(Math.floor(b + 1e-6));
    return fmtTime(Math.ceil(a * 12 - 1e-6) / 12, true) + " – " + fmtTime(Math.floor(b * 12 + 1e-6) / 12, true);
  }
  // Tick steps in years, each dividing the one before: centuries, decades, years, months.
  var LEVELS = [1000, 500, 100, 50, 10, 5, 1, 1 / 12], MIN_TICK_PX = 46;

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
      "aria-label": word("aria", events.length).replace("{lanes}", lanes.length),
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
      cnt.textContent = word("events", laneCount[l]);
      el("rect", { x: 0, y: laneY[l], width: 5, height: laneH[l], fill: color[l] }, svg);
    });
    if (hasUndated) {
      el("rect", { x: plotRight + 2, y: A, width: UNDATED_W - 2, height: y - A, "class": "undated-bg" }, svg);
      var ut = el("text", { x: plotRight + 8, y: A - 12, "class": "undated-label" }, svg);
      ut.textContent = word("undated", 0);
    }

    var plot = el("g", { "clip-path": "url(#plot-clip)" }, svg);
    var axis = el("g", { "class": "axis" }, svg);
    if (scale) {
      var tMin = tAt(MARGIN_LEFT), tMax = tAt(plotRight);
      // Compressed gaps: hatched, a break mark on the axis and their range written.
      var gaps = scale.breaks.filter(function (b) { return b[1] > tMin && b[0] < tMax; });
      gaps.forEach(function (b) {
        var a = x(b[0]), c = x(b[1]);
        var range = fmtRange(b[0], b[1]), m = (a + c) / 2;
        var g = el("g", { "class": "gap", "data-range": range }, plot);
        if (c - a >= 8) el("rect", { x: a + 2, y: A, width: c - a - 4, height: y - A, "class": "gap-shade" }, g);
        var gt = el("title", {}, g); gt.textContent = word("gap_title", 0).replace("{range}", range);
        if (m > MARGIN_LEFT && m < plotRight)
          el("path", { d: "M" + (m - 5) + " " + (A + 5) + " L" + (m - 1) + " " + (A - 5) +
            " M" + (m + 1) + " " + (A + 5) + " L" + (m + 5) + " " + (A - 5), "class": "gap-break" }, axis);
        // The range on one line where it fits, else its two ends on two lines.
        var ends = range.split(" – ");
        var lines = c - a >= range.length * 5.5 + 8 ? [range]
          : c - a >= Math.max(ends[0].length, ends[1].length + 2) * 5.5 + 6 ? [ends[0], "– " + ends[1]] : [];
        lines.forEach(function (text, k) {
          var gl = el("text", { x: m, y: A + 14 + 12 * k, "text-anchor": "middle", "class": "gap-label" }, g);
          gl.textContent = text;
        });
      });
      function inGap(t) {
        for (var i = 0; i < gaps.length; i++) if (t > gaps[i][0] + 1e-6 && t < gaps[i][1] - 1e-6) return true;
        return false;
      }
      // Ticks: the coarsest step with ticks in view, then each stretch between two ticks
      // is cut by the next finer step wherever all of its ticks fit MIN_TICK_PX apart, so
      // every stretch carries regular, labelled ticks (centuries, decades, years, months).
      // Ticks inside a compressed gap are left out: the gap's range is written instead.
      el("line", { x1: MARGIN_LEFT, y1: A, x2: plotRight, y2: A }, axis);
      var ticks = [];
      function multiples(a, b, step) {
        var k0 = Math.floor(a / step + 1e-9) + 1, k1 = Math.ceil(b / step - 1e-9) - 1, out = [];
        if (k1 - k0 > 4000) return null;
        for (var k = k0; k <= k1; k++) { var t = k * step; if (!inGap(t)) out.push(t); }
        return out;
      }
      function subdivide(a, b, level, depth, pa, pb) {
        for (var l = level; l < LEVELS.length; l++) {
          var ts = multiples(a, b, LEVELS[l]);
          if (ts === null) return;
          if (!ts.length) continue;
          var px = ts.map(x), edges = [pa].concat(px, [pb]);
          for (var i = 1; i < edges.length; i++)
            if (edges[i - 1] !== null && edges[i] !== null && edges[i] - edges[i - 1] < MIN_TICK_PX) return;
          ts.forEach(function (t, i) { ticks.push({ t: t, px: px[i], depth: depth, step: LEVELS[l] }); });
          var bounds = [a].concat(ts, [b]);
          for (var j = 1; j < bounds.length; j++)
            subdivide(bounds[j - 1], bounds[j], l + 1, depth + 1, edges[j - 1], edges[j]);
          return;
        }
      }
      subdivide(tMin, tMax, 0, 0, null, null);
      ticks.forEach(function (tk) {
        el("line", { x1: tk.px, y1: A, x2: tk.px, y2: y, "class": tk.depth === 0 ? "major" : "minor" }, plot);
        el("line", { x1: tk.px, y1: A - 5, x2: tk.px, y2: A }, axis);
        if (tk.px < MARGIN_LEFT + 10 || tk.px > plotRight - 10) return;
        var label = el("text", { x: tk.px, y: A - 10, "text-anchor": "middle",
          "class": "tick" + (tk.depth === 0 ? " major" : ""), "data-t": +tk.t.toFixed(4) }, axis);
        label.textContent = fmtTime(tk.t, tk.step < 1);
      });
    }

    var needle = state.filter.toLowerCase();
    order.forEach(function (e) {
      var g = geom[e.id];
      var cy = laneY[e.type] + 8 + (ROW_H + 4) * g.row + ROW_H / 2;
      var parent = g.undated ? svg : plot;
      var node = el("g", { "class": "ev" + (e.conflict ? " conflict" : "") + (e.inherited ? " inherited" : "") +
        (state.selected === e.id ? " selected" : ""),
        "data-event-id": e.id, tabindex: 0, role: "button",
        "aria-label": e.title + ", " + e.when + (e.inherited ? ", " + word("inherited", 0) : "") +
          (e.conflict ? ", " + word("disagree", 0) : "") }, parent);
      if (needle) {
        var hay = [e.title, e.type, e.when, e.date, e.place || ""].concat(e.actors, e.places).join(" ").toLowerCase();
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
    h("div", e.when + " · " + word("precision", 0) + " " + e.precision + (e.date ? " · " + e.date : "") +
      (e.inherited ? " · " + word("inherited", 0) : ""), tooltip);
    h("div", e.type + " · " + word("sources", e.n) + " · " + word("mentions", e.nm), tooltip);
    if (e.conflict) h("div", word("disagree_click", 0), tooltip, "tt-conflict");
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
    allEvents.forEach(function (x) { if (x.id === id) e = x; });
    // An event a table links to is shown even when the toggles hid it.
    if (e && events.indexOf(e) < 0) {
      if (!e.typed) { state.all = true; allBox.checked = true; }
      if (e.inherited) { state.inherited = true; inhBox.checked = true; }
      choose(); render();
    }
    Array.prototype.forEach.call(wrap.querySelectorAll(".ev"), function (n) {
      n.classList.toggle("selected", n.getAttribute("data-event-id") === id);
    });
    detail.textContent = "";
    if (!e) return;
    h("h3", e.title, detail);
    var meta = e.when + " · " + word("precision", 0) + " " + e.precision + (e.date ? " · TIMEX3 " + e.date : "") +
      (e.inherited ? " · " + word("inherited", 0) : "") +
      " · " + e.type + " · " + word("sources", e.n) +
      (e.confidence ? " · " + word("confidence", 0) + " " + e.confidence : "") + " · " + e.id;
    h("div", meta, detail, "meta");
    if (e.actors.length) h("div", word("actors", 0) + " " + e.actors.join(", "), detail);
    if (e.places.length) h("div", word("places", 0) + " " + e.places.join(", "), detail);
    if (e.conflicts.length) {
      var box = h("div", null, detail, "conflict-box");
      h("strong", word("disagree", 0), box);
      var ul = h("ul", null, box);
      e.conflicts.forEach(function (c) { h("li", c.field + ": " + c.value + " — " + c.doc, ul); });
    }
    h("div", word(e.quotes.length ? "quotes" : "no_quotes", 0), detail).style.fontWeight = "600";
    var list = h("ul", null, detail);
    e.quotes.forEach(function (q) {
      var li = h("li", null, list);
      h("q", q.quote, li);
      var src = h("div", null, li, "meta");
      src.appendChild(document.createTextNode((q.doc ? q.doc : "") + (q.when && q.when !== word("undated", 0) ? " · " + q.when : "") +
        (q.date_source ? " · " + word("date_from", 0) + " " + q.date_source : "") +
        (q.modality && q.modality !== "asserted" ? " · " + q.modality : "") + " "));
      locatorNode(q.locator, q.href, src);
      var page = safeHref(q.page);
      if (page) {
        src.appendChild(document.createTextNode(" "));
        var pl = h("a", word("page_link", 0), src, "page-link"); pl.href = page;
      }
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
  var allBox = document.getElementById("tl-all"), inhBox = document.getElementById("tl-inherited");
  allBox.checked = state.all; inhBox.checked = state.inherited;
  allBox.addEventListener("change", function () { state.all = allBox.checked; choose(); render(); });
  inhBox.addEventListener("change", function () { state.inherited = inhBox.checked; choose(); render(); });
  document.getElementById("tl-filter").addEventListener("input", function (ev) {
    state.filter = ev.target.value.trim(); render();
  });
  // A place on the map filters the timeline to its events (the filter reads e.place).
  Array.prototype.forEach.call(document.querySelectorAll(".map-point"), function (g) {
    function show() {
      var box = document.getElementById("tl-filter");
      box.value = g.getAttribute("data-place");
      state.filter = box.value; render();
      document.getElementById("timeline").scrollIntoView();
    }
    g.addEventListener("click", show);
    g.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); show(); } });
  });
  Array.prototype.forEach.call(document.querySelectorAll("a.event-link"), function (a) {
    a.addEventListener("click", function () { select(a.getAttribute("data-target")); });
  });
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer); resizeTimer = setTimeout(render, 120);
  });
  choose();
  render();
  // report.html#event=ID opens with that event selected (a link people can share).
  var wanted = /^#event=(.+)$/.exec(window.location.hash);
  if (wanted) select(decodeURIComponent(wanted[1]));
})();
