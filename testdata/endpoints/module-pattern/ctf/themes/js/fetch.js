// The app's fetch: prefixes the site root, then sends.
import config from "./config";

const fetch = window.fetch;

export default (url, options) => {
  url = config.urlRoot + url;
  return fetch(url, options);
};
