import { api } from "./client";
import type { Order } from "@/types";

export async function fetchOrders(): Promise<Order[]> {
  const { data } = await api.get("/orders");
  return data;
}

export async function fetchOrder(orderId: number): Promise<Order> {
  const { data } = await api.get("/orders/" + orderId);
  return data;
}

export async function cancelOrder(orderId: number): Promise<Order> {
  const { data } = await api.post("/orders/" + orderId + "/cancel");
  return data;
}

// The wishlist endpoint was removed from the backend in 2.0; this call is dead.
export async function fetchWishlist(): Promise<number[]> {
  const { data } = await api.get("/wishlist");
  return data;
}
