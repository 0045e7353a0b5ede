// The print button of the to-do list: shown only when scripts run (the list prints without it).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});

// The waiting page: ask whether the review is finished, then show its results.
document.querySelectorAll("[data-pending]").forEach((waiting) => {
  const ask = () => {
    fetch(waiting.dataset.pending, { credentials: "same-origin", cache: "no-store" })
      .then((answer) => answer.json())
      .then((state) => {
        if (state.done || !state.found) {
          window.location.reload();
        } else {
          window.setTimeout(ask, 1000);
        }
      })
      .catch(() => window.setTimeout(ask, 3000));
  };
  window.setTimeout(ask, 1000);
});
