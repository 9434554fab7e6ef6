/* cqc-la site: draws the charts with the locally bundled Vega-Embed, and makes tables filterable and
   sortable. No network: specs and data are inline in each page. When every visible chart is drawn,
   <html data-charts> becomes "rendered" (or "failed", with the error on the console). */
(function () {
  "use strict";

  var root = document.documentElement;
  var pending = 0;
  var failed = false;

  function settle() {
    if (pending === 0) {
      root.setAttribute("data-charts", failed ? "failed" : "rendered");
    }
  }

  function draw(figure) {
    if (figure.getAttribute("data-state")) {
      return;
    }
    if (typeof window.vegaEmbed !== "function") {
      failed = true;
      figure.setAttribute("data-state", "failed");
      console.error("cqc-la: assets/vega.js did not load; chart " + figure.id + " cannot be drawn");
      return;
    }
    figure.setAttribute("data-state", "drawing");
    var spec = JSON.parse(document.getElementById(figure.getAttribute("data-chart")).textContent);
    pending += 1;
    window.vegaEmbed(figure.querySelector(".chart-view"), spec, { renderer: "svg", actions: false })
      .then(function () {
        figure.setAttribute("data-state", "drawn");
      }, function (error) {
        failed = true;
        figure.setAttribute("data-state", "failed");
        console.error("cqc-la: chart " + figure.id + " failed: " + error);
      })
      .then(function () {
        pending -= 1;
        settle();
      });
  }

  function drawVisible() {
    var figures = document.querySelectorAll("figure[data-chart]");
    for (var i = 0; i < figures.length; i += 1) {
      if (!figures[i].hidden) {
        draw(figures[i]);
      }
    }
    settle();
  }

  function heatmapSwitch() {
    var select = document.getElementById("heatmap-sort");
    if (!select) {
      return;
    }
    select.addEventListener("change", function () {
      var figures = document.querySelectorAll("figure[data-heatmap]");
      for (var i = 0; i < figures.length; i += 1) {
        var shown = figures[i].getAttribute("data-heatmap") === select.value;
        figures[i].hidden = !shown;
        if (shown) {
          root.setAttribute("data-charts", "pending");
          draw(figures[i]);
          settle();
        }
      }
    });
  }

  function cellValue(row, column, numeric) {
    var cell = row.cells[column];
    var value = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (!numeric) {
      return value.toLowerCase();
    }
    var number = parseFloat(value);
    return isNaN(number) ? null : number;
  }

  function sortable(table) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (header, column) {
      var button = header.querySelector("button");
      if (!button) {
        return;
      }
      button.addEventListener("click", function () {
        var numeric = header.getAttribute("data-type") === "number";
        var ascending = header.getAttribute("aria-sort") !== (numeric ? "descending" : "ascending");
        if (header.getAttribute("aria-sort") === null) {
          ascending = !numeric; /* numbers first sort best (highest) first */
        }
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, column, numeric);
          var y = cellValue(b, column, numeric);
          if (x === y) { return 0; }
          if (x === null || x === "") { return 1; }
          if (y === null || y === "") { return -1; }
          return (x < y ? -1 : 1) * (ascending ? 1 : -1);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function filterable(block) {
    var table = document.getElementById(block.getAttribute("data-for"));
    var selects = block.querySelectorAll("select[data-filter]");
    var count = block.querySelector(".count");
    function apply() {
      var shown = 0;
      var rows = table.tBodies[0].rows;
      for (var i = 0; i < rows.length; i += 1) {
        var keep = true;
        for (var j = 0; j < selects.length; j += 1) {
          var wanted = selects[j].value;
          if (wanted && rows[i].getAttribute("data-" + selects[j].getAttribute("data-filter")) !== wanted) {
            keep = false;
          }
        }
        rows[i].hidden = !keep;
        shown += keep ? 1 : 0;
      }
      if (count) {
        count.textContent = shown + " of " + rows.length + " rows";
      }
    }
    for (var k = 0; k < selects.length; k += 1) {
      selects[k].addEventListener("change", apply);
    }
    apply();
  }

  document.querySelectorAll("table.sortable").forEach(sortable);
  document.querySelectorAll(".filters[data-for]").forEach(filterable);
  heatmapSwitch();
  drawVisible();
}());
