// Live status on the monthly form: recolours a row's badge as its value is typed, with the same
// checks as Core/Metrics/MetricValueRules.cs and the same colours as Core/Metrics/StatusRules.cs
// (the server decides again on save; this is only a preview). The row carries the metric's rules.
(function () {
  // The status words come from the page (Core/Metrics/StatusWords.cs), so the preview says what a save will show.
  const form = document.getElementById("month-form");
  if (!form) return;
  const words = JSON.parse(form.dataset.statusWords || "{}");
  const labels = { green: words.green, amber: words.amber, red: words.red, invalid: "Invalid value" };

  // The number typed, or NaN when a save would refuse it.
  function parse(row, raw) {
    let text = raw.trim();
    if (text.length > 40) return NaN;
    const unit = row.dataset.unit;
    if (unit === "Percent" && text.endsWith("%")) text = text.slice(0, -1).trim();
    if (unit === "Dollars" && text.startsWith("$")) text = text.slice(1).trim();
    const m = /^([+-]?)([\d,]*)(?:\.(\d*))?$/.exec(text);
    if (!m || !/\d/.test((m[2] || "") + (m[3] || ""))) return NaN;
    const digits = (m[2] || "0").replace(/,/g, "");
    const fraction = (m[3] || "").replace(/0+$/, "");
    const value = Number(m[1] + digits + (fraction ? "." + fraction : ""));
    const decimals = parseInt(row.dataset.decimals || "0", 10);
    if (unit === "Count" && fraction.length > 0) return NaN;
    if (fraction.length > decimals) return NaN;
    if (unit === "Count" && value < 0) return NaN;
    if (unit === "Percent" && (value < 0 || value > 100)) return NaN;
    if (row.dataset.min !== undefined && value < parseFloat(row.dataset.min)) return NaN;
    if (row.dataset.max !== undefined && value > parseFloat(row.dataset.max)) return NaN;
    return value;
  }

  function evaluate(direction, value, target, tolerance) {
    if (direction === "Informational" || isNaN(target)) return null;
    const shortfall = direction === "HigherIsBetter" ? target - value : value - target;
    if (shortfall <= 0) return "green";
    return shortfall <= Math.abs(tolerance || 0) ? "amber" : "red";
  }

  document.querySelectorAll("#month-form tr[data-metric]").forEach(function (row) {
    const input = row.querySelector("input[name$='.Raw']");
    const badge = row.querySelector(".live-status .badge");
    if (!input || !badge) return;
    input.addEventListener("input", function () {
      const empty = input.value.trim() === "";
      const value = empty ? NaN : parse(row, input.value);
      const status = empty ? null : isNaN(value) ? "invalid"
        : evaluate(row.dataset.direction, value, parseFloat(row.dataset.target), parseFloat(row.dataset.tolerance));
      badge.className = "badge status " + (status === "invalid" ? "status-red" : status ? "status-" + status : "status-none");
      badge.dataset.status = status || "none";
      badge.textContent = status ? labels[status] : (row.dataset.direction === "Informational" ? words.informational : (empty ? words.noData : words.noTarget));
    });
  });
})();
