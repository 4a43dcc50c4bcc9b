import { HttpClient } from "@angular/common/http";
import { Injectable } from "@angular/core";
import ky from "ky";
import request from "superagent";

const API = "/api";

@Injectable({ providedIn: "root" })
export class ItemService {
  constructor(private http: HttpClient) {}

  list() {
    return this.http.get<string[]>(`${API}/items/`);
  }

  get(id: number) {
    return this.http.get<string>(`${API}/items/${id}`);
  }

  update(id: number, body: object) {
    return this.http.put(`${API}/items/${id}`, body);
  }
}

export function loadSettings() {
  return request.get("/api/users/me/settings");
}

request.post("/api/users").send({});
request("PATCH", "/api/items/3");
ky.get("/api/items/files/a/b.txt");
