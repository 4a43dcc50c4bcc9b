// A plain script: a constructor function with a prototype object, and
// helpers declared inside the document-ready callback.
function Client(base) {
  this.base = base || "/api/v1";
}

Client.prototype = {
  awards: function (id) {
    return $.getJSON(this.base + "/users/" + id + "/awards");
  },
};

$(function () {
  function load(url) {
    return $.getJSON(url);
  }
  load("/api/v1/tags");
  new Client().awards(window.USER_ID);
  // The page route is GET only: a DELETE to it is a method mismatch, not a
  // reason to look under /api/v1.
  $.ajax({ url: "/users", type: "DELETE" });
  // One of two literal paths: one request per value.
  $.getJSON(window.SHARING ? "/share/badge/assets/logo.png" : "/api/v1/tags");
});
