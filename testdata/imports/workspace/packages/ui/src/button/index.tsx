import { tokens } from "@acme/tokens";

export function Button(props: { label: string }) {
  return <button style={{ color: tokens.primary }}>{props.label}</button>;
}
