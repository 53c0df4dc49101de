// Glossary previews (tools/bookext/glossarytips.py): Escape closes an open preview, so content shown on
// hover or focus can be dismissed without moving the pointer or the focus (WCAG 2.1, 1.4.13).
document.addEventListener("keydown", function (event) {
  if (event.key === "Escape" && window.tippy && typeof window.tippy.hideAll === "function") {
    window.tippy.hideAll({ duration: 0 });
  }
});
