// A parameter named like the page global is not a read of it.
function render(cart) {
  return "cart: " + cart.items.length;
}
