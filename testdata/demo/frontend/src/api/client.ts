import axios from "axios";

// Every API module goes through this instance: its baseURL is the backend's /api mount.
export const api = axios.create({ baseURL: "/api", withCredentials: true });

api.interceptors.response.use(
  (response) => response,
  (error) => {
    if (error.response?.status === 401) window.location.assign("/login");
    return Promise.reject(error);
  },
);
