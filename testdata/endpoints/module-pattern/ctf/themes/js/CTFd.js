import API from "./api";
import fetch from "./fetch";

const api = new API("/");
export default { api, fetch };
