/** The offset interval of each partition already read, so that widening a window never reads twice. */
export class Coverage {
  private readonly spans = new Map<string, [number, number]>()

  private static key(topic: string, partition: number) {
    return `${topic}\u0000${partition}`
  }

  get(topic: string, partition: number): [number, number] | undefined {
    return this.spans.get(Coverage.key(topic, partition))
  }

  /** The parts of [from, to) not yet read (one span per partition is kept: reads always touch it). */
  missing(topic: string, partition: number, from: number, to: number): [number, number][] {
    const s = this.get(topic, partition)
    if (!s) return to > from ? [[from, to]] : []
    const out: [number, number][] = []
    if (from < s[0]) out.push([from, Math.min(to, s[0])])
    if (to > s[1]) out.push([Math.max(from, s[1]), to])
    return out.filter(([a, b]) => b > a)
  }

  add(topic: string, partition: number, from: number, to: number): void {
    if (to <= from) return
    const s = this.get(topic, partition)
    this.spans.set(Coverage.key(topic, partition), s ? [Math.min(s[0], from), Math.max(s[1], to)] : [from, to])
  }

  all(): { topic: string; partition: number; from: number; to: number }[] {
    return [...this.spans].map(([k, [from, to]]) => {
      const [topic, p] = k.split('\u0000')
      return { topic: topic!, partition: Number(p), from, to }
    })
  }
}
