import { BaseCRUDAPI } from "./base-clients";

export class UnitsAPI extends BaseCRUDAPI {
  baseRoute = "/api/organizers/units";
}
