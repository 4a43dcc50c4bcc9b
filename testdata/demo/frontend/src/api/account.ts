import { api } from "./client";

export async function fetchProfile(): Promise<{ email: string; name: string }> {
  const { data } = await api.get("/me/");
  return data;
}

export async function renameProfile(name: string): Promise<void> {
  await api.patch("/me/", { name });
}
