const parts = {
  host: "http://localhost.com",
  prefix: "",
};

/** The URL of `rest` with query parameters, relative to the site. */
export function route(rest: string, params: Record<string, string> | null = null): string {
  const url = new URL(parts.prefix + rest, parts.host);
  if (params) {
    for (const [key, value] of Object.entries(params)) {
      url.searchParams.append(key, value);
    }
  }
  return url.toString().replace("http://localhost.com", "");
}
