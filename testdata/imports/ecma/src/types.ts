export interface Order { id: number }
