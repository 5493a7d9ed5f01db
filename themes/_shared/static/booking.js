/* Shingle: click-to-load booking calendar. Without this script the button is a plain link. */
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("[data-booking-load]");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
  var box = link.closest("[data-booking]");
  if (!box) return;
  event.preventDefault();
  var frame = document.createElement("iframe");
  frame.src = link.href;
  frame.title = link.textContent.trim() + " (booking calendar)";
  frame.setAttribute("allow", "payment");
  box.classList.add("is-loaded");
  box.replaceChildren(frame);
  frame.focus();
});
