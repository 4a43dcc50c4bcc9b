import ky from "ky";

// Handed to a plugin registry seam cannot follow: nothing here sends.
export const http = ky.create({ prefixUrl: "/api" });
