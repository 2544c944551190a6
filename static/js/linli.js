// Small progressive enhancements; every page works without this file.
document.addEventListener("change", (event) => {
  // The language picker submits itself when changed with a pointer.
  if (event.target.id === "language-select" && event.isTrusted && event.target.dataset.autosubmit === "1") {
    event.target.form.submit();
  }
});

// A table wider than the screen scrolls sideways inside its .table-responsive; keyboard users
// reach and scroll it only if it takes focus, so a scrolling one does, named after its caption.
function markScrollingTables() {
  for (const region of document.querySelectorAll(".table-responsive")) {
    if (region.scrollWidth > region.clientWidth + 1) {
      region.tabIndex = 0;
      region.setAttribute("role", "region");
      const caption = region.querySelector("caption");
      if (caption && !region.hasAttribute("aria-label")) region.setAttribute("aria-label", caption.textContent.trim());
    } else if (region.getAttribute("role") === "region") {
      region.removeAttribute("tabindex");
      region.removeAttribute("role");
    }
  }
}
document.addEventListener("DOMContentLoaded", markScrollingTables);
window.addEventListener("resize", markScrollingTables);
document.addEventListener("htmx:afterSettle", markScrollingTables);
