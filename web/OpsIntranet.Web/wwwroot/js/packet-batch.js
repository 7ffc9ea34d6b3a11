// The cycle page's packet progress: polls the batch's status and moves the bar and its words without a reload;
// when the batch finishes, reloads once so the server shows the failures, "Retry failed" and "Download ZIP".
// Without JavaScript the page shows the same state on every reload.
(function () {
  const box = document.querySelector("[data-packet-status]");
  if (!box || box.dataset.finished === "true") return;
  const bar = box.querySelector("progress");
  const text = box.querySelector("[data-progress-text]");
  const failures = box.querySelector("#packet-failures");
  const list = box.querySelector("[data-failure-list]");
  function show(batch) {
    bar.max = Math.max(1, batch.total);
    bar.value = batch.processed;
    bar.textContent = batch.percent + "%";
    // Only changed words go to the live region, so a screen reader hears each step once.
    if (text.textContent !== batch.summary) text.textContent = batch.summary;
    list.replaceChildren.apply(list, batch.failures.map(function (f) {
      const li = document.createElement("li");
      li.textContent = f.employee + (f.unit ? " (" + f.unit + ")" : "") + ": " + f.reason;
      return li;
    }));
    failures.hidden = batch.failures.length === 0;
  }
  function poll() {
    fetch(box.dataset.packetStatus, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || !data.batch) return;
        show(data.batch);
        if (data.batch.finished) location.reload();
        else setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
