// The orders page asks the API for one order and cancels another.
function loadOrder(id) {
  return fetch(`/api/v2/orders/${id}/`).then((r) => r.json());
}

function cancelOrder(id) {
  return fetch(`/api/v2/orders/${id}/cancel/`, { method: "POST" });
}
