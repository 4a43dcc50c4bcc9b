import { AbstractService } from './abstract-service'
import { environment } from 'src/environments/environment'

export class TagService extends AbstractService<string> {
  constructor() {
    super()
    this.resourceName = 'tags'
  }

  bulkEdit(ids: number[]) {
    return this.http.post(this.getResourceUrl(null, 'bulk_edit'), { ids })
  }

  // A getter: reading `this.statsUrl` calls it.
  get statsUrl(): string {
    return `${this.baseUrl}stats/`
  }

  stats() {
    return this.http.get(this.statsUrl)
  }

  search(query: string) {
    return this.http.get(`${environment.apiBaseUrl}search/`, { params: { query } })
  }
}
