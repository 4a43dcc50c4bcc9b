import { api } from "./client";
import type { CartLine } from "@/types";

export async function fetchCart(): Promise<{ lines: CartLine[] }> {
  const response = await fetch("/api/cart", { credentials: "same-origin" });
  return response.json();
}

export async function addToCart(line: CartLine): Promise<void> {
  await fetch("/api/cart/items", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(line),
  });
}

export async function removeFromCart(productId: number): Promise<void> {
  await api.delete(`/cart/items/${productId}`);
}
