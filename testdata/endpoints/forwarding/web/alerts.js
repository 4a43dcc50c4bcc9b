import axios from "axios";

export function listAlerts() {
  return axios.get("/api/alerts");
}

export function createAlert(alert) {
  return axios.post("/api/alerts", alert);
}

export function deleteAlert(id) {
  return axios.delete(`/api/alerts/${id}`);
}

export function adminStats() {
  return axios.get("/admin/stats");
}

import { replace } from "lodash";

const ALERT_URL = "/api/alerts/{id}";

export function muteAlert(id) {
  // lodash's replace takes the text first.
  return axios.delete(replace(ALERT_URL, "{id}", id));
}
