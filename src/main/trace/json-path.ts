/** Compiles a `$.a.b[0]` path (validated by the contract) into a getter. */
export function compilePath(path: string): (root: unknown) => unknown {
  const steps: (string | number)[] = []
  const re = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]/g
  for (const m of path.slice(1).matchAll(re)) steps.push(m[1] !== undefined ? m[1] : Number(m[2]))
  return (root) => {
    let cur: unknown = root
    for (const s of steps) {
      if (cur === null || typeof cur !== 'object') return undefined
      cur = (cur as Record<string | number, unknown>)[s]
    }
    return cur
  }
}

/** The field as an id: strings as they are, numbers as text, anything else none. */
export function asId(v: unknown): string | undefined {
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'bigint') return String(v)
  return undefined
}
