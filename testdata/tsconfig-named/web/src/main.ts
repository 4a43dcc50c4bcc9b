import { util } from "@/lib/util";

export const main = () => util();
