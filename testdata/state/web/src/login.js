import { session } from "./store.js";

export function login(user) {
  session.user = user;
}
