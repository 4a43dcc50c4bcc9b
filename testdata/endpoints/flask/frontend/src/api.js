import axios from "axios";

const API_ROOT = "/api";
export const client = axios.create({ baseURL: API_ROOT });

// A thin wrapper: its parameter flows into the URL.
export function getProduct(id) {
  return client.get(`/products/${id}`);
}
