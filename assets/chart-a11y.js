/* Charts for everyone: a text alternative for every plotly chart and an SVG export button.

   Dash's dcc.Graph draws with the global Plotly (loaded lazily), so this file wraps
   Plotly.react/newPlot once Plotly arrives:
   - before a draw, hooks may adjust the layout (assets/present.js enlarges text for a
     projector through window.okoCharts.layoutHooks) and the modebar gets «Сохранить в формате
     SVG» next to plotly's PNG camera;
   - after a draw, the chart's plot area gets role="img" with a one-sentence aria-label
     (layout.meta.summary when the figure sets it, else computed from the traces), and a
     «Данные графика» disclosure under the chart holds the traces' values as an HTML table.
   The role sits on the plot's SVG rather than on the whole chart: the modebar's buttons are
   focusable, and children of role="img" must not be. */
(function () {
  "use strict";

  var MAX_ROWS = 300;
  var MAX_TRACES = 6;
  var charts = (window.okoCharts = window.okoCharts || {});
  charts.layoutHooks = charts.layoutHooks || [];

  var NUMBER = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 2 });
  var KINDS = {
    bar: "Столбчатая диаграмма",
    scatter: "Точечная диаграмма",
    scattergl: "Точечная диаграмма",
    box: "Диаграмма размаха",
    violin: "Скрипичная диаграмма",
    histogram: "Гистограмма",
    heatmap: "Тепловая карта",
    pie: "Круговая диаграмма",
    choropleth: "Карта",
    choroplethmap: "Карта",
    scattermap: "Карта",
    scattermapbox: "Карта",
    scattergeo: "Карта",
  };
  var SVG_ICON = {
    width: 1000,
    height: 1000,
    path:
      "M100 900h800v-90h-800z M150 700l220-380 200 230 180-370 90 45-250 500-200-230-160 250z",
    transform: "matrix(1 0 0 -1 0 1000)",
  };

  function text(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "number") return isFinite(value) ? NUMBER.format(value) : "";
    if (value instanceof Date) value = value.toISOString();
    var iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T][\d:.]*Z?)?$/.exec(String(value));
    if (iso) return iso[3] + "." + iso[2] + "." + iso[1]; // dates as Russians write them
    var div = document.createElement("div");
    div.innerHTML = String(value).replace(/<br\s*\/?>/gi, " ");
    return (div.textContent || "").trim();
  }

  function list(value) {
    if (value === null || value === undefined || typeof value === "string") return [];
    if (Array.isArray(value) || ArrayBuffer.isView(value)) return Array.prototype.slice.call(value);
    return [];
  }

  function titleOf(layout) {
    var title = layout && layout.title;
    if (!title) return "";
    return text(typeof title === "string" ? title : title.text);
  }

  function axisTitle(layout, name) {
    var axis = layout && layout[name];
    var title = axis && axis.title;
    if (!title) return "";
    return text(typeof title === "string" ? title : title.text);
  }

  /* The chart's own name: its title, else the heading of the card or block it sits in. */
  function chartName(gd, layout) {
    var title = titleOf(layout);
    if (title) return title;
    var node = gd;
    for (var depth = 0; node && depth < 8; depth += 1) {
      var heading = node.querySelector && node.querySelector("h1,h2,h3,h4,h5,h6");
      if (heading && heading.textContent.trim()) return heading.textContent.trim();
      node = node.parentElement;
    }
    return "";
  }

  /* Category and value columns of one trace: horizontal bars carry their values on x. */
  function columns(trace, layout) {
    var type = trace.type || "scatter";
    if (type === "pie") {
      return { labels: list(trace.labels), values: list(trace.values), head: ["", ""] };
    }
    if (/^(choropleth|choroplethmap)$/.test(type)) {
      return { labels: list(trace.text).length ? list(trace.text) : list(trace.locations),
               values: list(trace.z), head: ["", ""] };
    }
    if (/^scatter(map|mapbox|geo)$/.test(type)) {
      return { labels: list(trace.text), values: list(trace.marker && trace.marker.color),
               head: ["", ""] };
    }
    var xs = list(trace.x);
    var ys = list(trace.y);
    var xname = axisTitle(layout, (trace.xaxis || "x").replace("x", "xaxis"));
    var yname = axisTitle(layout, (trace.yaxis || "y").replace("y", "yaxis"));
    if (type === "heatmap") {
      return { labels: ys, values: list(trace.z).map(function (row) {
        return list(row).map(text).join("; ");
      }), head: [yname, ""] };
    }
    if (trace.orientation === "h") return { labels: ys, values: xs, head: [yname, xname] };
    if (!xs.length) return { labels: [], values: ys, head: ["", yname] };
    return { labels: xs, values: ys, head: [xname, yname] };
  }

  function numeric(values) {
    return values.filter(function (v) {
      return typeof v === "number" && isFinite(v);
    });
  }

  /* One sentence: what kind of chart, how much it shows, and its extremes. */
  function summarise(gd, layout, traces) {
    var meta = layout && layout.meta;
    if (meta && typeof meta === "object" && !Array.isArray(meta) && meta.summary) {
      return text(meta.summary);
    }
    var name = chartName(gd, layout);
    var shown = traces.filter(function (t) {
      return t.visible !== false;
    });
    if (!shown.length) {
      var note = (layout.annotations || []).map(function (a) {
        return text(a.text);
      }).filter(Boolean)[0];
      return (name ? name + ". " : "") + (note || "Нет данных для графика.");
    }
    var first = shown[0];
    var kind = KINDS[first.type || "scatter"] || "График";
    var parts = [kind + (name ? " «" + name + "»" : "")];
    if (shown.length > 1) parts.push("рядов данных: " + shown.length);
    var pairs = [];
    shown.forEach(function (trace) {
      var cols = columns(trace, layout);
      var several = shown.length > 1 && cols.values.length > 1 && text(trace.name);
      cols.values.forEach(function (v, i) {
        if (typeof v !== "number" || !isFinite(v)) return;
        var label = text(cols.labels[i]);
        if (several) label = label ? label + ", " + text(trace.name) : text(trace.name);
        else if (!label && shown.length > 1) label = text(trace.name);
        pairs.push([label, v]);
      });
    });
    if (pairs.length) {
      pairs.sort(function (a, b) {
        return b[1] - a[1];
      });
      var top = pairs[0];
      var low = pairs[pairs.length - 1];
      parts.push("значений: " + pairs.length);
      if (pairs.length === 1) {
        parts.push((text(top[0]) || "значение") + " — " + text(top[1]));
      } else {
        parts.push("наибольшее — " + (text(top[0]) ? text(top[0]) + " (" + text(top[1]) + ")"
          : text(top[1])));
        parts.push("наименьшее — " + (text(low[0]) ? text(low[0]) + " (" + text(low[1]) + ")"
          : text(low[1])));
      }
    } else if (numeric(list(first.x)).length || numeric(list(first.y)).length) {
      parts.push("значений: " + Math.max(list(first.x).length, list(first.y).length));
    }
    return parts.join(", ") + ".";
  }

  function cell(tag, value) {
    var el = document.createElement(tag);
    el.textContent = text(value);
    if (tag === "th") el.setAttribute("scope", "col");
    return el;
  }

  function traceTable(trace, layout, index) {
    var cols = columns(trace, layout);
    var table = document.createElement("table");
    table.className = "table table-sm table-striped mb-2";
    var caption = document.createElement("caption");
    caption.textContent = text(trace.name) || "Ряд " + (index + 1);
    table.appendChild(caption);
    var head = document.createElement("thead");
    var row = document.createElement("tr");
    row.appendChild(cell("th", cols.head[0] || "Категория"));
    row.appendChild(cell("th", cols.head[1] || "Значение"));
    head.appendChild(row);
    table.appendChild(head);
    var body = document.createElement("tbody");
    var count = Math.min(Math.max(cols.labels.length, cols.values.length), MAX_ROWS);
    for (var i = 0; i < count; i += 1) {
      var tr = document.createElement("tr");
      tr.appendChild(cell("td", cols.labels[i] !== undefined ? cols.labels[i] : i + 1));
      tr.appendChild(cell("td", cols.values[i]));
      body.appendChild(tr);
    }
    table.appendChild(body);
    return table;
  }

  function disclosureFor(gd) {
    var host = gd.closest(".dash-graph") || gd;
    var key = host.id || gd.id || "";
    var next = host.nextElementSibling;
    if (next && next.classList.contains("oko-chart-data")) return next;
    var details = document.createElement("details");
    details.className = "oko-chart-data small";
    details.setAttribute("data-for", key);
    var summary = document.createElement("summary");
    summary.textContent = "Данные графика";
    details.appendChild(summary);
    details.appendChild(document.createElement("div"));
    host.parentNode.insertBefore(details, host.nextSibling);
    return details;
  }

  function describe(gd) {
    if (!gd || !gd.isConnected) return;
    var layout = gd.layout || {};
    var traces = gd._fullData && gd._fullData.length ? gd._fullData : gd.data || [];
    var sentence = summarise(gd, layout, traces);
    var svg = gd.querySelector(".main-svg");
    if (svg) {
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", sentence);
    }
    gd.setAttribute("data-summary", sentence);
    var details = disclosureFor(gd);
    var box = details.lastElementChild;
    box.textContent = "";
    var p = document.createElement("p");
    p.className = "mb-1";
    p.textContent = sentence;
    box.appendChild(p);
    traces.slice(0, MAX_TRACES).forEach(function (trace, i) {
      box.appendChild(traceTable(trace, layout, i));
    });
    // Disclosures of charts that are gone (a page change kept their parent) go too.
    document.querySelectorAll(".oko-chart-data").forEach(function (node) {
      var prev = node.previousElementSibling;
      if (!prev || !(prev.classList.contains("dash-graph") || prev.classList.contains("js-plotly-plot"))) {
        node.remove();
      }
    });
  }

  function fileName(gd) {
    var options = (gd._context && gd._context.toImageButtonOptions) || {};
    return options.filename || "oko-chart";
  }

  function withSvgButton(Plotly, config) {
    var out = Object.assign({}, config || {});
    var added = (out.modeBarButtonsToAdd || []).slice();
    var has = added.some(function (b) {
      return b && b.name === "okoSvg";
    });
    if (!has) {
      added.push({
        name: "okoSvg",
        title: "Сохранить в формате SVG",
        icon: SVG_ICON,
        click: function (gd) {
          Plotly.downloadImage(gd, { format: "svg", filename: fileName(gd) });
        },
      });
    }
    out.modeBarButtonsToAdd = added;
    return out;
  }

  function adjust(gd, layout) {
    var out = layout || {};
    charts.layoutHooks.forEach(function (hook) {
      out = hook(gd, out) || out;
    });
    return out;
  }

  var busy = false; // react() may call newPlot(): the outer call already adjusted the figure

  function wrap(Plotly, real) {
    return function (gd, a, b, c) {
      if (busy) return real.apply(Plotly, arguments);
      var el = typeof gd === "string" ? document.getElementById(gd) : gd;
      var figure;
      if (a && !Array.isArray(a) && typeof a === "object" && ("data" in a || "layout" in a)) {
        figure = { data: a.data, layout: a.layout, config: a.config, frames: a.frames };
      } else {
        figure = { data: a, layout: b, config: c };
      }
      if (el) {
        el._okoLayout = figure.layout || {};
        el._okoConfig = figure.config || {};
      }
      figure.layout = adjust(el, figure.layout);
      figure.config = withSvgButton(Plotly, figure.config);
      var drawn;
      busy = true;
      try {
        drawn = real.call(Plotly, el || gd, figure);
      } finally {
        busy = false;
      }
      return Promise.resolve(drawn).then(function (result) {
        describe(el);
        return result;
      });
    };
  }

  /* Redraw every chart from its original figure (the layout hooks' view of it changed). */
  charts.redraw = function () {
    var Plotly = window.Plotly;
    if (!Plotly) return;
    document.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
      if (gd._okoLayout && gd.data) {
        Plotly.react(gd, { data: gd.data, layout: gd._okoLayout, config: gd._okoConfig });
      }
    });
  };
  charts.describe = describe;

  function patch(Plotly) {
    if (!Plotly || Plotly.__oko) return;
    Plotly.__oko = true;
    Plotly.react = wrap(Plotly, Plotly.react);
    Plotly.newPlot = wrap(Plotly, Plotly.newPlot);
  }

  if (window.Plotly) {
    patch(window.Plotly);
  } else {
    var current;
    Object.defineProperty(window, "Plotly", {
      configurable: true,
      enumerable: true,
      get: function () {
        return current;
      },
      set: function (value) {
        current = value;
        patch(value);
      },
    });
  }
})();
