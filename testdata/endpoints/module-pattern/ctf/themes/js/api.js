// A swagger-codegen style client: a constructor function in a module
// pattern, its methods on the prototype, one `request` they all send through.
import fetch from "./fetch";

let API = (function () {
  "use strict";

  function API(options) {
    let domain = typeof options === "object" ? options.domain : options;
    this.domain = domain ? domain : "";
  }

  API.prototype.request = function (method, url, parameters, body, queryParameters) {
    const queryParams = queryParameters ? serialize(queryParameters) : null;
    const urlWithParams = url + (queryParams ? "?" + queryParams : "");
    fetch(urlWithParams, { method, body: JSON.stringify(body) });
  };

  API.prototype.post_tag_list = function (parameters, body) {
    let domain = this.domain,
      path = "/tags";
    this.request("POST", domain + path, parameters, body, {});
  };

  API.prototype.delete_tag = function (parameters) {
    if (parameters === undefined) {
      parameters = {};
    }
    let domain = this.domain,
      path = "/tags/{tag_id}";
    path = path.replace("{tag_id}", parameters["tagId"]);
    this.request("DELETE", domain + path, parameters, {}, {});
  };

  API.prototype.post_user_list = function (parameters, body) {
    let domain = this.domain,
      path = "/users";
    this.request("POST", domain + path, parameters, body, {});
  };

  API.prototype.get_user_awards = function (parameters) {
    let domain = this.domain,
      path = "/users/{user_id}/awards";
    path = path.replace("{user_id}", parameters["userId"]);
    this.request("GET", domain + path, parameters, {}, {});
  };

  return API;
})();

export default API;
