// Legacy order screens, jQuery era. Reads and writes window.SHOP_STATE.
$(function () {
  $.getJSON("/api/catalog/products", function (skus) {
    $("#sku-count").text(skus.length);
  });

  $(".cancel-order").on("click", function () {
    var id = $(this).data("order-id");
    $.ajax({
      url: "/api/orders/" + id,
      type: "DELETE",
      success: function () {
        window.SHOP_STATE.lastOrderId = id;
      },
    });
  });

  $("#add-sample").on("click", function () {
    $.post("/api/cart/items", { product_id: 1, quantity: 1, price_cents: 990 }, function () {
      window.SHOP_STATE.cartCount += 1;
    });
  });
});
