import { TagService } from '../services/tag.service'

// Angular injects the service: `tagService` is never assigned with `new`,
// so any service's `list()` may be meant.
export class TagListComponent {
  constructor(private tagService: TagService) {}

  reload() {
    this.tagService.list().subscribe()
  }

  open(id: number) {
    this.tagService.get(id).subscribe()
  }
}
