export * from "./catalog";
export * from "./cart";
export * from "./orders";
export { fetchProfile, renameProfile } from "./account";
