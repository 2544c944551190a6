// Small progressive enhancements; every page works without this file.
document.addEventListener("change", (event) => {
  // The language picker submits itself when changed with a pointer.
  if (event.target.id === "language-select" && event.isTrusted && event.target.dataset.autosubmit === "1") {
    event.target.form.submit();
  }
});
