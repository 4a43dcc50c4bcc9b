export const API = { products: "/api/products" };
