// The index page polls its own address for fresh rows.
function refresh() {
    $.ajax({ url: "?refresh=1", dataType: "json", success: function (rows) {} });
}
setInterval(refresh, 3000);
