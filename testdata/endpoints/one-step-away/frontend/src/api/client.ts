import { Requests } from "./base-clients";
import { TagsAPI } from "./tags";
import { UnitsAPI } from "./units";

export class UserApiClient {
  tags: TagsAPI;
  units: UnitsAPI;

  constructor(requests: Requests) {
    this.tags = new TagsAPI(requests);
    this.units = new UnitsAPI(requests);
  }
}
