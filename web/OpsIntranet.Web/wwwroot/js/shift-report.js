// The shift report form: the abandon rate (abandoned as a share of offered, one decimal, as ShiftReport.AbandonRate
// works it out) and a warning when answered and abandoned add up to more than offered, while the figures are typed.
// The server checks and computes both again when the report is filed.
(function () {
  const form = document.getElementById("shift-report-form");
  if (!form) return;
  const offered = document.getElementById("CallsOffered");
  const answered = document.getElementById("CallsAnswered");
  const abandoned = document.getElementById("CallsAbandoned");
  const rate = document.getElementById("abandon-rate");
  const check = document.getElementById("calls-check");

  // A whole, non-negative number as the server reads it (thousands commas allowed), or NaN.
  function whole(input) {
    const text = input.value.trim().replace(/,/g, "");
    return /^\d+$/.test(text) ? parseInt(text, 10) : NaN;
  }

  function update() {
    const o = whole(offered), a = whole(answered), b = whole(abandoned);
    if (isNaN(o) || isNaN(b)) rate.textContent = "—";
    else if (o === 0) rate.textContent = "no calls offered";
    // Whole tenths of a percent, halves rounded up, as the server rounds.
    else rate.textContent = (Math.round((1000 * b) / o) / 10).toFixed(1) + "%";
    check.textContent = !isNaN(o) && !isNaN(a) && !isNaN(b) && a + b > o
      ? "Answered (" + a.toLocaleString("en-US") + ") and abandoned (" + b.toLocaleString("en-US") + ") add up to more than the " + o.toLocaleString("en-US") + " offered."
      : "";
  }

  [offered, answered, abandoned].forEach(function (input) { input.addEventListener("input", update); });
  update();
})();
