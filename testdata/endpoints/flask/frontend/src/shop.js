import axios from "axios";
import { client, getProduct } from "./api";
import { API } from "./config";

export async function load() {
  const list = await fetch("/api/products").then((r) => r.json());
  await fetch(API.products, { method: "POST", body: "{}" });
  await client.delete("/products/7");
  await getProduct(list[0].id);
  await axios.put("/api/cart?x=1");
  await fetch("https://api.stripe.com/v1/charges");
  await fetch("/api/missing");
  await axios({ url: "/auth/login", method: "post" });
}
