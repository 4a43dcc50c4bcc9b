import React, { Suspense, lazy, useState } from "react";
import Header from "./components/Header";
import ProductList from "./components/ProductList";
import ProductPage from "./components/ProductPage";
import Cart from "./components/Cart";
import Checkout from "./components/Checkout";
import OrderHistory from "./components/OrderHistory";

const Admin = lazy(() => import("./pages/Admin"));

type Page = "list" | "product" | "cart" | "checkout" | "orders" | "admin";

export default function App() {
  const [page, setPage] = useState<Page>("list");
  const [productId, setProductId] = useState<number | null>(null);
  return (
    <>
      <Header onNavigate={setPage} />
      {page === "list" && <ProductList onOpen={(id) => { setProductId(id); setPage("product"); }} />}
      {page === "product" && productId !== null && <ProductPage id={productId} />}
      {page === "cart" && <Cart />}
      {page === "checkout" && <Checkout />}
      {page === "orders" && <OrderHistory />}
      {page === "admin" && (
        <Suspense fallback={<p>Loading…</p>}>
          <Admin />
        </Suspense>
      )}
    </>
  );
}
