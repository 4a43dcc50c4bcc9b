import { ItemService } from "./api";

export class ItemComponent {
  constructor(private items: ItemService) {}

  load() {
    return this.items.get(7);
  }
}
