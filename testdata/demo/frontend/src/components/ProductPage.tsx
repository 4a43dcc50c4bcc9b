import React, { useEffect, useState } from "react";
import { fetchProduct } from "@/api/catalog";
import { add } from "@/store/cart";
import type { Product } from "@/types";

export default function ProductPage({ id }: { id: number }) {
  const [product, setProduct] = useState<Product | null>(null);
  useEffect(() => {
    fetchProduct(id).then(setProduct);
  }, [id]);
  if (!product) return <p>Loading…</p>;
  return (
    <article>
      <h1>{product.title}</h1>
      <p>{product.price}</p>
      <button onClick={() => add({ product_id: product.id, quantity: 1, price_cents: 0 })}>Add to cart</button>
    </article>
  );
}
