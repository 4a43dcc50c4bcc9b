export { debounce } from "./timing"; // reexport → src/util/timing.ts
export const throttle = 1;
