// The settings form posts to the page it is on.
function updatePreview() {
    $.ajax({
        url: window.location.href,
        type: "post",
        data: $("#badge-settings").serialize(),
        success: function (html) {
            document.getElementById("preview").innerHTML = html;
        },
    });
}
$("#badge-settings input").change(updatePreview);
