$(function () {
    // The row's ping: the log table's URL for ping 0, cut back to its prefix.
    $("#log").on("click", "tr", function () {
        var n = $("td", this).first().text();
        var tmpl = $("#log").data("url").slice(0, -2);
        $("#ping-details").load(tmpl + n + "/");
    });

    // The check's ping URL comes from the server (`{{ check.url }}`), not
    // a route seam knows: found, not linked.
    $("#ping-now").click(function () {
        $.post(this.dataset.url);
    });
});
