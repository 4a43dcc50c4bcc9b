import { route } from "./route";

export interface Requests {
  get<T>(url: string): Promise<T>;
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
}
