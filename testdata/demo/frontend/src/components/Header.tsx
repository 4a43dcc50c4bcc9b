import React from "react";
import { currentUser, signOut } from "@/store/session";
import { cartLines } from "@/store/cart";
import * as fmt from "../utils/format";

export default function Header({ onNavigate }: { onNavigate: (page: any) => void }) {
  const user = currentUser();
  return (
    <header>
      <button onClick={() => onNavigate("list")}>Shop</button>
      <button onClick={() => onNavigate("cart")}>{fmt.plural(cartLines().length, "item", "items")}</button>
      {user ? <button onClick={signOut}>Sign out {user.email}</button> : null}
    </header>
  );
}
