export interface Product {
  id: number;
  sku: string;
  title: string;
  price: string;
}

export interface CartLine {
  product_id: number;
  quantity: number;
  price_cents: number;
}

export interface Order {
  id: number;
  status: "open" | "placed" | "cancelled" | "backordered";
  total?: number;
}
