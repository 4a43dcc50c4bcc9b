import { session } from "./store.js";

export const title = () => (session.user ? session.user.name : "guest");
