import { AbstractService } from './abstract-service'
import { environment } from 'src/environments/environment'

export class TagService extends AbstractService<string> {
  constructor() {
    super()
    this.resourceName = 'tags'
  }

  search(query: string) {
    return this.http.get(`${environment.apiBaseUrl}search/`, { params: { query } })
  }
}
