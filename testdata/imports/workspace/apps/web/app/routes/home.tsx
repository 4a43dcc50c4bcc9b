import type { Route } from "./+types/home";
import { Button } from "@acme/ui";
import { Button as B2 } from "@acme/ui/button";
import { Arrow } from "@acme/ui/icons/arrow";
import { colors } from "@acme/tokens/colors";
import { useLoaderData } from "react-router";

export function loader(_: Route.LoaderArgs) {
  return { colors };
}

export default function Home() {
  const data = useLoaderData();
  return <Button label={String(data)} />;
}
