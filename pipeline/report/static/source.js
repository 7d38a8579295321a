(function () {
  "use strict";
  // A source page: clicking a highlight shows the rows under it; #ROW_ID marks a row.
  var data = JSON.parse(document.getElementById("rows").textContent);
  var rows = data.rows, columns = data.columns;
  var panel = document.getElementById("row-panel");
  var marked = [];
  function h(tag, text, parent, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    if (parent) parent.appendChild(node);
    return node;
  }
  function mark(id) {
    marked.forEach(function (n) { n.classList.remove("hit"); });
    marked = Array.prototype.filter.call(document.querySelectorAll(".h[data-r]"), function (n) {
      return n.getAttribute("data-r").split(" ").indexOf(id) >= 0;
    });
    marked.forEach(function (n) { n.classList.add("hit"); });
  }
  function show(ids) {
    panel.textContent = "";
    ids.forEach(function (id) {
      var r = Object.prototype.hasOwnProperty.call(rows, id) ? rows[id] : null;
      if (!r) return;
      var cols = columns[r[0]];
      var head = h("h3", null, panel);
      h("span", cols.kind, head, "h " + r[0]);
      head.appendChild(document.createTextNode(" "));
      var a = h("a", id, head); a.href = "#" + id;
      var table = h("table", null, panel);
      cols.names.forEach(function (name, i) {
        if (r[1][i] === "") return;
        var tr = h("tr", null, table);
        h("td", name, tr); h("td", r[1][i], tr);
      });
    });
    panel.hidden = !panel.firstChild;
  }
  document.addEventListener("click", function (ev) {
    var node = ev.target.closest ? ev.target.closest(".h[data-r]") : null;
    if (!node) return;
    var ids = node.getAttribute("data-r").split(" ").reverse();  // innermost first
    show(ids);
    mark(ids[0]);
  });
  function fromHash() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (Object.prototype.hasOwnProperty.call(rows, id)) { mark(id); show([id]); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
