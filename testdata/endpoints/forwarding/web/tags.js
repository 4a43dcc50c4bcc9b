import axios from "axios";

// The module's default export is a named function declaration.
export default function getTags(url) {
  return axios.get(url).then((r) => r.data);
}
