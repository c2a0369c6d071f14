// Draws the analytics dashboard's charts with plotly.js (served from the plotly wheel).
// The data comes from <script type="application/json"> blocks written by json_script, so no
// inline script runs; charts are drawn on load and again after htmx swaps a card in.
// plotly.js is big, so it is fetched only once a chart is on the page: each chart names the
// bundle's URL in data-plotly-src (CSP allows it as a same-origin script).
(function () {
  "use strict";

  // No mode bar: its buttons need plotly's injected stylesheet, which our CSP refuses.
  var CONFIG = { displayModeBar: false, responsive: true, displaylogo: false };
  var SERIES_COLORS = {
    sent: "#3056d3",
    responses: "#00838f",
    interviews: "#6a1b9a",
    rejections: "#c62828",
  };
  var NODE_COLORS = {
    applied: "#3056d3",
    screening: "#00838f",
    interviewing: "#6a1b9a",
    offer: "#2e7d32",
    accepted: "#1b5e20",
    "outcome-rejected": "#c62828",
    "outcome-withdrawn": "#6d4c41",
    "outcome-ghosted": "#757575",
    "outcome-active": "#8a94a6",
    "outcome-offer": "#2e7d32",
    "outcome-archived": "#a1887f",
  };

  function baseLayout(extra) {
    var style = window.getComputedStyle(document.body);
    var layout = {
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      font: { color: style.color, family: style.fontFamily, size: 13 },
      margin: { l: 48, r: 16, t: 8, b: 40 },
      height: 320,
    };
    return Object.assign(layout, extra || {});
  }

  var builders = {
    funnel: function (data) {
      var stages = data.stages;
      return {
        traces: [
          {
            type: "funnel",
            y: stages.map(function (s) { return s.label; }),
            x: stages.map(function (s) { return s.count; }),
            textinfo: "value+percent previous",
            marker: { color: stages.map(function (s) { return NODE_COLORS[s.stage]; }) },
            hovertemplate: "%{y}: %{x}<extra></extra>",
          },
        ],
        layout: baseLayout({ margin: { l: 100, r: 16, t: 8, b: 8 } }),
      };
    },
    flow: function (data) {
      return {
        traces: [
          {
            type: "sankey",
            arrangement: "snap",
            node: {
              label: data.nodes.map(function (n) { return n.label; }),
              color: data.nodes.map(function (n) { return NODE_COLORS[n.id] || "#8a94a6"; }),
              pad: 18,
              thickness: 16,
            },
            link: {
              source: data.links.map(function (l) { return l.source; }),
              target: data.links.map(function (l) { return l.target; }),
              value: data.links.map(function (l) { return l.value; }),
              color: "rgba(138,148,166,0.35)",
            },
          },
        ],
        layout: baseLayout({ margin: { l: 8, r: 8, t: 8, b: 8 } }),
      };
    },
    trends: function (data) {
      // Counts are whole numbers: with small ones plotly would put ticks at 0.2, 0.4... and
      // print them rounded (0, 0, 0, 1, 1, 1), so the step is set to a whole number.
      var largest = 0;
      ["sent", "responses", "interviews", "rejections"].forEach(function (name) {
        data[name].forEach(function (value) { largest = Math.max(largest, value); });
      });
      var yaxis = { rangemode: "tozero", gridcolor: "rgba(138,148,166,0.2)", tickformat: "d" };
      if (largest < 12) {
        yaxis.dtick = Math.max(1, Math.ceil(largest / 6));
      }
      var series = [
        ["sent", "Applications sent"],
        ["responses", "Responses"],
        ["interviews", "Interviews"],
        ["rejections", "Rejections"],
      ];
      return {
        traces: series.map(function (pair) {
          return {
            type: "scatter",
            mode: "lines+markers",
            name: pair[1],
            x: data.week_starts,
            y: data[pair[0]],
            line: { color: SERIES_COLORS[pair[0]], width: 2 },
            hovertemplate: pair[1] + ", week of %{x}: %{y}<extra></extra>",
          };
        }),
        layout: baseLayout({
          xaxis: { type: "date", tickformat: "%b %d", gridcolor: "rgba(138,148,166,0.2)" },
          yaxis: yaxis,
          legend: { orientation: "h", y: -0.2 },
          margin: { l: 40, r: 16, t: 8, b: 64 },
        }),
      };
    },
  };

  var loading = null;

  // Calls back once plotly.js is there, fetching it the first time a chart needs it.
  function withPlotly(callback) {
    if (window.Plotly) {
      callback();
      return;
    }
    var chart = document.querySelector("[data-chart][data-plotly-src]");
    if (!chart) {
      return; // nothing to chart: the bundle is never downloaded
    }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = chart.dataset.plotlySrc;
        script.onload = resolve;
        script.onerror = function () {
          loading = null; // a later swap may try again
          reject(new Error("plotly.js did not load"));
        };
        document.head.appendChild(script);
      });
    }
    loading.then(callback, function () {});
  }

  function draw(root) {
    withPlotly(function () {
      drawCharts(root);
    });
  }

  function drawCharts(root) {
    root.querySelectorAll("[data-chart]").forEach(function (element) {
      var source = document.getElementById(element.dataset.source);
      var build = builders[element.dataset.chart];
      if (!source || !build || element.dataset.drawn === "true") {
        return;
      }
      var chart = build(JSON.parse(source.textContent));
      element.dataset.drawn = "true";
      window.Plotly.newPlot(element, chart.traces, chart.layout, CONFIG);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    draw(document);
  });
  // A swapped-in card is new DOM without data-drawn, so only it gets drawn.
  document.addEventListener("htmx:afterSettle", function () {
    draw(document);
  });
})();
