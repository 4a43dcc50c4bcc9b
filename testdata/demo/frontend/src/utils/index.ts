export * from "./format";
export { debounce } from "./timing";
