// Warehouse screen: plain XMLHttpRequest.
function loadStock(productId, done) {
  var xhr = new XMLHttpRequest();
  xhr.open("GET", "/admin/api/stock/" + productId);
  xhr.onload = function () {
    done(JSON.parse(xhr.responseText));
  };
  xhr.send();
}

function bumpCart() {
  window.SHOP_STATE.cartCount = window.SHOP_STATE.cartCount + 1;
}
