// On every page (base.html): the site root read from the brand link.
var base = document.getElementById("base-url").getAttribute("href").slice(0, -1);
$.getJSON(base + "/status/", function (data) {
    document.title = data.up ? "up" : "down";
});
