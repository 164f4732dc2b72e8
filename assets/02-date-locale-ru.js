/* Russian for Dash's date pickers (dcc.DatePickerSingle / DatePickerRange, Dash 4).
 *
 * Their calendars format month and weekday names with date-fns and take the locale from
 * window.dateFns.locale (the one matching navigator.languages, else the first one). This is a
 * small date-fns locale object with what the pickers draw: month names for the month dropdown
 * (nominative: they stand alone), weekday names for the header row, numeric dates. The
 * pickers' few fixed labels (month navigation, close, clear) are not props: they are
 * translated here when a picker is drawn. */
(function () {
  var months = {
    narrow: ["Я", "Ф", "М", "А", "М", "И", "И", "А", "С", "О", "Н", "Д"],
    abbreviated: ["янв.", "февр.", "март", "апр.", "май", "июнь", "июль", "авг.", "сент.",
      "окт.", "нояб.", "дек."],
    wide: ["Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь",
      "Октябрь", "Ноябрь", "Декабрь"]
  };
  var days = {
    narrow: ["В", "П", "В", "С", "Ч", "П", "С"],
    short: ["вс", "пн", "вт", "ср", "чт", "пт", "сб"],
    abbreviated: ["вск", "пнд", "втр", "срд", "чтв", "птн", "суб"],
    wide: ["воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"]
  };
  function pick(table, fallback) {
    return function (index, options) {
      var width = (options && options.width) || fallback;
      return (table[width] || table[fallback])[index];
    };
  }
  var ru = {
    code: "ru",
    localize: {
      ordinalNumber: function (n) { return String(n) + "-й"; },
      era: pick({narrow: ["до н.э.", "н.э."], abbreviated: ["до н. э.", "н. э."],
        wide: ["до нашей эры", "нашей эры"]}, "wide"),
      quarter: pick({narrow: ["1", "2", "3", "4"], abbreviated: ["1-й кв.", "2-й кв.",
        "3-й кв.", "4-й кв."], wide: ["1-й квартал", "2-й квартал", "3-й квартал",
        "4-й квартал"]}, "wide"),
      month: pick(months, "wide"),
      day: pick(days, "wide"),
      dayPeriod: function (period) {
        return {am: "ДП", pm: "ПП", midnight: "полночь", noon: "полдень", morning: "утро",
          afternoon: "день", evening: "вечер", night: "ночь"}[period];
      }
    },
    formatLong: {
      date: function () { return "dd.MM.y"; },
      time: function () { return "HH:mm"; },
      dateTime: function () { return "{{date}}, {{time}}"; }
    },
    options: {weekStartsOn: 1, firstWeekContainsDate: 1}
  };
  window.dateFns = window.dateFns || {};
  window.dateFns.locale = Object.assign({ru: ru}, window.dateFns.locale || {});

  var labels = {
    "Previous month": "Предыдущий месяц",
    "Next month": "Следующий месяц",
    "Close calendar": "Закрыть календарь",
    "Clear date": "Очистить дату",
    "Clear Dates": "Очистить даты"
  };
  // only the pickers' own buttons are looked at, so the observer costs little on busy pages
  var SELECTOR = ".dash-datepicker-month-nav, .dash-datepicker-close-button, " +
    ".dash-datepicker-clear";
  function relabel(el) {
    var russian = labels[el.getAttribute("aria-label")];
    if (russian) el.setAttribute("aria-label", russian);
  }
  function translate(node) {
    if (node.nodeType !== 1) return;
    if (node.matches(SELECTOR)) relabel(node);
    var found = node.getElementsByClassName ? node.querySelectorAll(SELECTOR) : [];
    for (var i = 0; i < found.length; i++) relabel(found[i]);
  }
  function watch() {
    translate(document.body);
    new MutationObserver(function (changes) {
      for (var i = 0; i < changes.length; i++) {
        var change = changes[i];
        if (change.type === "attributes") translate(change.target);
        for (var j = 0; j < change.addedNodes.length; j++) translate(change.addedNodes[j]);
      }
    }).observe(document.body, {childList: true, subtree: true, attributes: true,
      attributeFilter: ["aria-label"]});
  }
  if (document.body) watch(); else document.addEventListener("DOMContentLoaded", watch);
})();
