import React, { useEffect, useState } from "react";
import { fetchCategories, fetchProducts } from "@/api/catalog";
import { debounce } from "../utils";

export default function ProductList({ onOpen }: { onOpen: (id: number) => void }) {
  const [skus, setSkus] = useState<string[]>([]);
  const [categories, setCategories] = useState<string[]>([]);
  useEffect(() => {
    fetchCategories().then(setCategories);
    fetchProducts().then(setSkus);
  }, []);
  const filter = debounce((category: string) => fetchProducts(category).then(setSkus), 200);
  return (
    <section>
      <select onChange={(e) => filter(e.target.value)}>
        {categories.map((c) => <option key={c}>{c}</option>)}
      </select>
      <ul>{skus.map((sku, i) => <li key={sku} onClick={() => onOpen(i + 1)}>{sku}</li>)}</ul>
    </section>
  );
}
