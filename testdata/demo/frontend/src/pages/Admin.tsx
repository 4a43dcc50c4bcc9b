import React, { useState } from "react";
import { updateProduct } from "@/api/catalog";
import { fetchProfile } from "@/api";

export default function Admin() {
  const [title, setTitle] = useState("");
  return (
    <form onSubmit={(e) => { e.preventDefault(); fetchProfile().then(() => updateProduct(1, { title })); }}>
      <input value={title} onChange={(e) => setTitle(e.target.value)} />
    </form>
  );
}
