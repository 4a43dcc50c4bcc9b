import { helper } from "@app/util";
fetch("/api/health");
export const x = helper();
