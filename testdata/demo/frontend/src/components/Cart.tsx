import React, { useEffect, useState } from "react";
import { fetchCart } from "@/api/cart";
import { remove } from "@/store/cart";
import { formatPrice } from "@/utils";
import type { CartLine } from "@/types";

export default function Cart() {
  const [lines, setLines] = useState<CartLine[]>([]);
  useEffect(() => {
    fetchCart().then((cart) => setLines(cart.lines));
  }, []);
  return (
    <ul>
      {lines.map((line) => (
        <li key={line.product_id}>
          {line.quantity} × {formatPrice(line.price_cents)}
          <button onClick={() => remove(line.product_id)}>Remove</button>
        </li>
      ))}
    </ul>
  );
}
