export { Button } from "./button";
export { tokens } from "@acme/tokens";
