import { clearCart } from "./cart";

let user: { email: string } | null = null;

export function currentUser() {
  return user;
}

export function signOut() {
  user = null;
  clearCart();
}

export function signIn(email: string) {
  user = { email };
}
