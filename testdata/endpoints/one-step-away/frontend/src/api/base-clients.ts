import { route } from "./route";

export interface Requests {
  get<T>(url: string): Promise<T>;
  post<T>(url: string, body?: unknown): Promise<T>;
  patch<T>(url: string, body?: unknown): Promise<T>;
}

export abstract class BaseAPI {
  requests: Requests;

  constructor(requests: Requests) {
    this.requests = requests;
  }
}

export abstract class BaseCRUDAPI extends BaseAPI {
  abstract baseRoute: string;

  async getAll(page = 1) {
    return await this.requests.get(route(this.baseRoute, { page: String(page) }));
  }

  // Called on no API class: expanded for none of them.
  async patchOne(itemId: string, payload: unknown) {
    return await this.requests.patch(`${this.baseRoute}/${itemId}`, payload);
  }

  // Called on `api.units` only: a request for UnitsAPI, none for TagsAPI.
  async duplicateOne(itemId: string) {
    return await this.requests.post(`${this.baseRoute}/${itemId}/duplicate`);
  }
}
