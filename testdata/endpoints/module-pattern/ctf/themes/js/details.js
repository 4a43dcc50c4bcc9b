// A classic script (no import or export): its top-level function is the
// page's, called from other scripts of the page.
function loadDetails(url) {
  $.get(url, function (html) {
    $("#details").html(html);
  });
}
