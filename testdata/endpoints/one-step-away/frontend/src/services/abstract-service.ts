import { HttpClient } from '@angular/common/http'
import { inject } from '@angular/core'
import { environment } from 'src/environments/environment'

export abstract class AbstractService<T> {
  protected baseUrl: string = environment.apiBaseUrl
  protected http: HttpClient
  protected resourceName: string

  constructor() {
    this.http = inject(HttpClient)
  }

  protected getResourceUrl(id: number = null, action: string = null): string {
    let url = `${this.baseUrl}${this.resourceName}/`
    if (id !== null) {
      url += `${id}/`
    }
    if (action) {
      url += `${action}/`
    }
    return url
  }

  get(id: number) {
    return this.http.get<T>(this.getResourceUrl(id))
  }

  list() {
    return this.http.get<T[]>(this.getResourceUrl())
  }
}
