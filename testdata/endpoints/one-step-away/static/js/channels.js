$(function () {
    // Two elements carry a data-url on this page: the selector decides.
    $(".rw .edit-checks").click(function () {
        $.ajax(this.dataset.url).done(function (html) {
            $("#checks-modal").html(html);
        });
        return false;
    });

    $("table.channels").on("click", "button.remove-link", function (e) {
        $.post($(e.currentTarget).data("url"));
    });

    // Not a route's URL (the template fills it with {{ ch.ping_url }}).
    $("#ping-now").click(function () {
        $.post(this.dataset.url);
    });
});
