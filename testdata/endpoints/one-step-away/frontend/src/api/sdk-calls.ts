import sdk from "@acme/sdk";

export const tags = () => sdk.call("/api/organizers/tags");
export const tag = (slug: string) => sdk.call(`/api/organizers/tags/slug/${slug}`);
export const search = () => sdk.call("/api/search/");
