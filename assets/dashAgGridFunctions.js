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
  return okoFormats[d].format(value);
}
dagfuncs.okoNumber = okoNumber;
window.okoNumber = okoNumber;
