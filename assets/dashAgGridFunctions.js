// Value formatters for dash-ag-grid: Russian number format (thin space, decimal comma).
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});
var okoFormats = {};
function okoNumber(value, digits) {
  if (value === null || value === undefined || value === "" || Number.isNaN(value)) return "—";
  if (typeof value !== "number") return String(value);
  var d = digits === undefined ? (Number.isInteger(value) ? 0 : 1) : digits;
  if (!okoFormats[d]) {
    okoFormats[d] = new Intl.NumberFormat("ru-RU", {minimumFractionDigits: d, maximumFractionDigits: d});
  }
  // Thin space between thousands and a true minus, as dashboard/formatting.py writes them
  // (Intl's ru-RU gives a no-break space and a hyphen-minus); no sign on a rounded zero.
  var text = okoFormats[d].format(value).replace(/\u00a0|\u202f/g, "\u2009");
  return /^-0(,0*)?$/.test(text) ? text.slice(1) : text.replace(/^-/, "\u2212");
}
dagfuncs.okoNumber = okoNumber;
window.okoNumber = okoNumber;

// Sort 'dd.mm.yyyy[ hh:mm[:ss]]' texts by the date they mean (empty and '—' first).
function okoDateKey(text) {
  var m = /^(\d{2})\.(\d{2})\.(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(text || "");
  if (!m) return "";
  return m[3] + m[2] + m[1] + (m[4] || "00") + (m[5] || "00") + (m[6] || "00");
}
function okoDateCompare(a, b) {
  var ka = okoDateKey(a), kb = okoDateKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
dagfuncs.okoDateCompare = okoDateCompare;
window.okoDateCompare = okoDateCompare;
