// Legacy page scripts: jQuery in every form, and a raw XMLHttpRequest.
function comment(text) {
  $.ajax({ url: "/blog/comments/", type: "POST", data: { text: text } });
}
$.getJSON("/api/articles/", function (articles) {});
function publish(slug) {
  $.post("/api/articles/" + slug + "/publish/");
}
publish(window.currentSlug);
$("#post").load("/blog/posts/" + postId + "/ #content");
var xhr = new XMLHttpRequest();
xhr.open("DELETE", `/blog/posts/${postId}/`);
jQuery.get("/archive/2024/");
$.ajax("/api/articles/recent/", { method: "GET" });
