/** The fields that place an event in a story. */
export interface Ordered {
  timestamp: number
  topic: string
  partition: number
  offset: number
}

/** The order of a story: time, then topic/partition/offset so that ties are stable. */
export function compareEvents(a: Ordered, b: Ordered): number {
  return a.timestamp - b.timestamp || a.topic.localeCompare(b.topic) || a.partition - b.partition || a.offset - b.offset
}
