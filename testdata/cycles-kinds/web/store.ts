import type { Widget } from './widget'

export const widgets: Widget[] = []
