import React from "react";
import { cartLines } from "@/store/cart";
import { formatPrice } from "@/utils/format";

export default function Checkout() {
  const total = cartLines().reduce((sum, l) => sum + l.price_cents * l.quantity, 0);
  // The checkout itself is the server-rendered form in templates/checkout.html.
  return <p>Total: {formatPrice(total)}</p>;
}
