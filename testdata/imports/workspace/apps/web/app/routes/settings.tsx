import type { Route } from "./+types/settings";
import { Button } from "@acme/ui/button";

export default function Settings(_: Route.ComponentProps) {
  return <Button label="Save" />;
}
