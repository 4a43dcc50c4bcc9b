import { api } from "./client";
import type { Product } from "@/types";

export async function fetchProducts(category?: string, page = 1): Promise<string[]> {
  const { data } = await api.get("/catalog/products", { params: { category, page } });
  return data;
}

export async function fetchProduct(id: number): Promise<Product> {
  const { data } = await api.get(`/catalog/products/${id}`);
  return data;
}

export async function updateProduct(id: number, patch: Partial<Product>): Promise<Product> {
  const { data } = await api.put(`/catalog/products/${id}`, patch);
  return data;
}

export async function fetchCategories(): Promise<string[]> {
  const { data } = await api.get("/catalog/categories");
  return data;
}
