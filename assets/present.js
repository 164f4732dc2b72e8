/* Presentation mode: `?present=1` on any page, the navbar's «Показ» button, or a story's player
   (/stories/<id>/play). The body gets class `oko-present` (assets/present.css hides the navbar
   and the page's controls, enlarges text, high contrast) and charts are redrawn with text
   large enough for a projector (a layout hook of assets/chart-a11y.js).

   Keyboard: → / PageDown and ← / PageUp follow the player's #player-next / #player-prev links,
   elsewhere they scroll to the next or previous card; Esc follows #player-exit, elsewhere it
   leaves the mode (and drops `present=1` from the address). «Выйти из показа» does the same
   for mouse users.

   Pages rewrite their address (`?kind=…`) when their filters settle, which drops `present=1`;
   the mode stays on until it is left, and the parameter is put back so the address still
   reopens the view as shown. */
(function () {
  "use strict";

  var PLAYER = /^\/stories\/\d+\/play\/?$/;
  var FONT = 20;
  var TICK = 18;
  var TITLE = 24;
  var NOTE = 16;
  var BELOW = 40; // px further down for notes under a chart
  var charts = (window.okoCharts = window.okoCharts || {});
  charts.layoutHooks = charts.layoutHooks || [];
  var sticky = false; // entered by the button or `present=1`, left only by Esc or the exit
  var active = false;
  var pushState = history.pushState;
  var replaceState = history.replaceState;

  function asked() {
    return new URLSearchParams(window.location.search).get("present") === "1";
  }

  function onPlayer() {
    return PLAYER.test(window.location.pathname);
  }

  function setParameter(on) {
    var url = new URL(window.location.href);
    if (on) url.searchParams.set("present", "1");
    else url.searchParams.delete("present");
    if (url.href !== window.location.href) replaceState.call(history, history.state, "", url.href);
  }

  function exitButton() {
    var button = document.getElementById("oko-present-exit");
    if (button) return button;
    button = document.createElement("button");
    button.id = "oko-present-exit";
    button.type = "button";
    button.className = "btn btn-dark oko-present-exit";
    button.textContent = "Выйти из показа (Esc)";
    button.addEventListener("click", leave);
    document.body.appendChild(button);
    return button;
  }

  function apply(on) {
    if (!document.body) return;
    exitButton().hidden = !on;
    if (on === active) return;
    active = on;
    document.body.classList.toggle("oko-present", on);
    if (charts.redraw) charts.redraw();
  }

  /* After any change of address: the player always presents; elsewhere the sticky mode puts
     `present=1` back when a page's own address rewrite dropped it. */
  function sync() {
    if (asked()) sticky = true;
    if (sticky && !asked() && !onPlayer()) setParameter(true);
    apply(sticky || onPlayer());
  }

  function enter() {
    sticky = true;
    setParameter(true);
    apply(true);
  }

  function leave() {
    var exit = document.getElementById("player-exit");
    sticky = false;
    if (onPlayer() && exit) {
      exit.click();
      return;
    }
    setParameter(false);
    apply(false);
  }

  /* Projector-size text on every chart while the mode is on; the figure itself is untouched
     (chart-a11y.js keeps it to redraw the ordinary view on leaving). */
  function bigger(font, size) {
    var out = Object.assign({}, font || {});
    out.size = Math.max(out.size || 0, size);
    return out;
  }

  function titled(title, size) {
    if (!title) return title;
    var out = typeof title === "string" ? { text: title } : Object.assign({}, title);
    out.font = bigger(out.font, size);
    return out;
  }

  charts.layoutHooks.push(function (gd, layout) {
    if (!active) return layout;
    var out = Object.assign({}, layout);
    out.font = Object.assign(bigger(out.font, FONT), { color: "#000000" });
    out.title = titled(out.title, TITLE);
    // Text inside bars and pie slices: never smaller than the tick labels.
    out.uniformtext = Object.assign({ mode: "show" }, out.uniformtext, { minsize: NOTE });
    out.legend = Object.assign({}, out.legend, { font: bigger(out.legend && out.legend.font, TICK) });
    out.hoverlabel = Object.assign({}, out.hoverlabel, {
      font: bigger(out.hoverlabel && out.hoverlabel.font, TICK),
    });
    var axes = Object.keys(out).filter(function (key) {
      return /^[xy]axis\d*$/.test(key);
    });
    if (!axes.length) axes = ["xaxis", "yaxis"];
    axes.forEach(function (key) {
      var axis = Object.assign({}, out[key]);
      axis.tickfont = bigger(axis.tickfont, TICK);
      axis.title = titled(axis.title, FONT);
      axis.automargin = true;
      out[key] = axis;
    });
    if (out.annotations) {
      var below = false;
      out.annotations = out.annotations.map(function (note) {
        var moved = Object.assign({}, note, { font: bigger(note.font, NOTE) });
        // A source note under the plot: below the now larger tick labels and axis title.
        if (note.yref === "paper" && ((note.y || 0) < 0 || (note.yshift || 0) < 0)) {
          moved.yshift = (note.yshift || 0) - BELOW;
          below = true;
        }
        return moved;
      });
      if (below) {
        var margin = Object.assign({}, out.margin);
        margin.b = (margin.b || 80) + BELOW;
        out.margin = margin;
      }
    }
    if (out.coloraxis && out.coloraxis.colorbar) {
      out.coloraxis = Object.assign({}, out.coloraxis, {
        colorbar: Object.assign({}, out.coloraxis.colorbar, {
          tickfont: bigger(out.coloraxis.colorbar.tickfont, TICK),
        }),
      });
    }
    return out;
  });

  /* The page's top-level cards, in reading order (a card inside a card moves with it). */
  function cards() {
    var root = document.getElementById("_pages_content") || document.body;
    return Array.prototype.filter.call(root.querySelectorAll(".card"), function (card) {
      return !card.parentElement.closest(".card") && card.offsetParent !== null;
    });
  }

  function scrollCards(step) {
    var list = cards();
    if (!list.length) {
      window.scrollBy(0, step * window.innerHeight * 0.85);
      return;
    }
    // Distances from where a card comes to rest (its scroll margin below the top); a card
    // within 8 px of it is the current one (a smooth scroll may still be settling).
    var tops = list.map(function (card) {
      var margin = parseFloat(window.getComputedStyle(card).scrollMarginTop) || 0;
      return card.getBoundingClientRect().top - margin;
    });
    var target = null;
    if (step > 0) {
      for (var i = 0; i < list.length; i += 1) {
        if (tops[i] > 8) {
          target = list[i];
          break;
        }
      }
    } else {
      for (var j = list.length - 1; j >= 0; j -= 1) {
        if (tops[j] < -8) {
          target = list[j];
          break;
        }
      }
    }
    if (!target) {
      window.scrollTo(0, step > 0 ? document.body.scrollHeight : 0);
      return;
    }
    target.scrollIntoView({ block: "start" });
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
  }

  function typing(target) {
    if (!target || !target.closest) return false;
    return Boolean(
      target.closest("input, textarea, select, [contenteditable], [role=combobox], [role=listbox]")
    );
  }

  function follow(id) {
    var link = document.getElementById(id);
    if (link) link.click();
    return Boolean(link);
  }

  document.addEventListener("keydown", function (event) {
    if (!active || event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    if (document.querySelector(".modal.show")) return; // the dialog owns the keys
    var key = event.key;
    var forward = key === "ArrowRight" || key === "PageDown";
    var back = key === "ArrowLeft" || key === "PageUp";
    if (forward || back) {
      event.preventDefault();
      if (onPlayer()) follow(forward ? "player-next" : "player-prev");
      else scrollCards(forward ? 1 : -1);
    } else if (key === "Escape") {
      event.preventDefault();
      leave();
    }
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest(".oko-present-toggle")) enter();
  });

  history.pushState = function () {
    var result = pushState.apply(history, arguments);
    sync();
    return result;
  };
  history.replaceState = function () {
    var result = replaceState.apply(history, arguments);
    sync();
    return result;
  };
  window.addEventListener("popstate", sync);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", sync);
  else sync();
})();
