import * as channel from "./channel";

const API_ROOT = "/json";

// Higher order: the request function comes in as a parameter.
function save(request_method, url, data) {
  return request_method({ url, data });
}

export function load() {
  channel.get({ url: "/json/users/me" });
  channel.post({ url: API_ROOT + "/messages", data: { content: "hi" } });
  channel.get({ url: `/json/streams/${stream_id}/members` });
  channel.del({ url: "/json/drafts/" + draft.id });
  channel.patch({ url: "/json/settings", data: {} });
  save(channel.patch, "/json/settings", {});
  legacyApi.send("/legacy/report", "POST");
}
