import { widgets } from './store'

export interface Widget {
  id: number
}

export function count(): number {
  return widgets.length
}
