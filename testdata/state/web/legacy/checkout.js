function checkout() {
  cart.items = [];
  counter += 1;
  return API_ROOT + "/checkout";
}
