import { promises as fs } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { writeFileAtomic } from '../util/atomic-write'
import type { Bounds } from './window-options'

const boundsSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean().optional(),
})

export const DEFAULT_BOUNDS: Bounds = { width: 1400, height: 900 }

/** Remembers the main window's bounds between launches; a bad file means the defaults. */
export async function loadBounds(dir: string): Promise<Bounds> {
  try {
    const parsed = boundsSchema.safeParse(JSON.parse(await fs.readFile(path.join(dir, 'window.json'), 'utf8')))
    return parsed.success ? parsed.data : DEFAULT_BOUNDS
  } catch {
    return DEFAULT_BOUNDS
  }
}

export async function saveBounds(dir: string, bounds: Bounds): Promise<void> {
  await writeFileAtomic(path.join(dir, 'window.json'), JSON.stringify(bounds))
}
