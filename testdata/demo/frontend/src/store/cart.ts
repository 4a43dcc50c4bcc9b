import type { CartLine } from "@/types";
import { currentUser } from "./session";
import { addToCart, removeFromCart } from "@/api";

const lines: CartLine[] = [];

export function cartLines(): readonly CartLine[] {
  return lines;
}

export async function add(line: CartLine) {
  if (!currentUser()) throw new Error("sign in first");
  lines.push(line);
  await addToCart(line);
}

export async function remove(productId: number) {
  const index = lines.findIndex((l) => l.product_id === productId);
  if (index >= 0) lines.splice(index, 1);
  await removeFromCart(productId);
}

export function clearCart() {
  lines.length = 0;
}
