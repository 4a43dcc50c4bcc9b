$(function () {
    var statusUrl = $("#checks-table").data("status-url");
    $.post(statusUrl);
});
