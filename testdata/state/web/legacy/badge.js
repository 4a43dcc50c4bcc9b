function showBadge(el) {
  el.textContent = "(" + counter + ")";
}
