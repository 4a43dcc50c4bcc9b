import React, { useEffect, useState } from "react";
import { cancelOrder, fetchOrders, fetchWishlist } from "@/api";
import type { Order } from "@/types";

export default function OrderHistory() {
  const [orders, setOrders] = useState<Order[]>([]);
  const [wishlist, setWishlist] = useState<number[]>([]);
  useEffect(() => {
    fetchOrders().then(setOrders);
    fetchWishlist().then(setWishlist).catch(() => setWishlist([]));
  }, []);
  return (
    <section>
      {orders.map((o) => (
        <div key={o.id}>
          #{o.id} {o.status} <button onClick={() => cancelOrder(o.id)}>Cancel</button>
        </div>
      ))}
      <p>{wishlist.length} wished</p>
    </section>
  );
}
