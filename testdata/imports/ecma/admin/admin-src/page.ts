import { widget } from "@/widgets"; // → admin/admin-src/widgets.ts (nearest tsconfig)
export const page = widget;
