// `css_variables.js` has a `.d.ts` beside it. TypeScript type-checks against
// the declaration, but the code that runs is the `.js`: seam (like
// dependency-cruiser) draws the edge to the implementation.
import { breakpoints } from "./css_variables"; // → src/css_variables.js
export const md = breakpoints.md;
