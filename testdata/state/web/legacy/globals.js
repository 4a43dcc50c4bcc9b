// A classic script: its top-level names belong to the whole page.
var cart = { items: [] };
var API_ROOT = "/api";

function addItem(item) {
  cart.items.push(item);
}

counter = 0;
