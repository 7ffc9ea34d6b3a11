// Live status on the monthly form: recolours a row's badge as its value is typed, with the same
// rule as Core/Metrics/StatusRules.cs (the server decides again on save; this is only a preview).
(function () {
  const labels = { green: "Meets target", amber: "Within tolerance", red: "Off target" };
  function evaluate(direction, value, target, tolerance) {
    if (direction === "Informational" || isNaN(value) || isNaN(target)) return null;
    const shortfall = direction === "HigherIsBetter" ? target - value : value - target;
    if (shortfall <= 0) return "green";
    return shortfall <= Math.abs(tolerance || 0) ? "amber" : "red";
  }
  document.querySelectorAll("#month-form tr[data-metric]").forEach(function (row) {
    const input = row.querySelector("input[name$='.Raw']");
    const badge = row.querySelector(".live-status .badge");
    if (!input || !badge) return;
    input.addEventListener("input", function () {
      const text = input.value.trim().replace(/[%$,]/g, "");
      const status = text === "" ? null : evaluate(row.dataset.direction, Number(text), parseFloat(row.dataset.target), parseFloat(row.dataset.tolerance));
      badge.className = "badge status " + (status ? "status-" + status : "status-none");
      badge.dataset.status = status || "none";
      badge.textContent = status ? labels[status] : (row.dataset.direction === "Informational" ? "Informational" : (text === "" ? "No data" : "No target"));
    });
  });
})();
