// Another classic script of the page: `loadDetails` is details.js's.
$(".award-row").on("click", function () {
  loadDetails(window.BASE + "/api/v1/users/" + this.id + "/awards");
});
