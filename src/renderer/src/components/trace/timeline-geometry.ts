// The timeline's fixed geometry and colours, shared by its viewport, its layers and the event table.

export const LANE = 46
export const LEFT = 130
export const TOP = 24
/** Above this many events in view, dots become density bars and arrows are left out. */
export const DOTS_MAX = 500
/** Below this many, each dot is labelled with its type and hop latency. */
export const LABELS_MAX = 60
const PALETTE = ['#2563eb', '#16a34a', '#d97706', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d']

export function colorOf(type: string | undefined): string {
  let h = 0
  for (const c of type ?? '') h = (h * 31 + c.charCodeAt(0)) | 0
  return PALETTE[Math.abs(h) % PALETTE.length]!
}

export const laneCenter = (lane: number) => TOP + lane * LANE + LANE / 2
export const clock = (t: number) => new Date(t).toISOString().slice(11, 23)
