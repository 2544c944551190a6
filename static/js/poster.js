// The poster's Print button; without scripts it stays hidden and the sentence beside it says how.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector("[data-print]");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
