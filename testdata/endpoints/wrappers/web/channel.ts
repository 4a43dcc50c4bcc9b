// zulip-style: every call goes through `call`, which hands the whole
// options object to $.ajax; the verb helpers add `type` with a spread.
import $ from "jquery";

function call(args) {
  return $.ajax(args);
}

export function get(options) {
  const args = { type: "GET", dataType: "json", ...options };
  return call(args);
}

export function post(options) {
  const args = { type: "POST", dataType: "json", ...options };
  return call(args);
}

export function del(options) {
  return call({ ...options, type: "DELETE" });
}

// Sends POST with `method: PATCH` in the body: the wire method is POST, so
// only a declaration (`channel.patch`, method PATCH) makes it a PATCH.
export function patch(options) {
  options.data = { ...options.data, method: "PATCH" };
  return post(options);
}
