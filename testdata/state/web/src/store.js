export let session = { user: null };
export const REGIONS = ["eu", "us"];
