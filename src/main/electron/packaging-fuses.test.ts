import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const root = path.resolve(import.meta.dirname, '../../..')
const builderConfig = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>

// The option names electron-builder itself accepts: a misspelt fuse would be silently ignored.
const schema = JSON.parse(readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as {
  definitions: { FuseOptionsV1: { properties: Record<string, unknown> } }
}
const knownFuses = Object.keys(schema.definitions.FuseOptionsV1.properties)

const requiredFuses: ReadonlyArray<[name: string, value: boolean, why: string]> = [
  ['runAsNode', false, 'ELECTRON_RUN_AS_NODE would turn the signed binary into a plain Node'],
  ['enableCookieEncryption', true, 'cookies on disk are encrypted with the OS key'],
  ['enableNodeOptionsEnvironmentVariable', false, 'NODE_OPTIONS could inject code (--require)'],
  ['enableNodeCliInspectArguments', false, '--inspect would open a debugger into the main process'],
  ['enableEmbeddedAsarIntegrityValidation', true, 'app.asar is checked against the hash in the binary'],
  ['onlyLoadAppFromAsar', true, 'no fallback to an unchecked app/ folder next to app.asar'],
]

describe('packaging config: Electron fuses', () => {
  const fuses = (builderConfig.electronFuses ?? {}) as Record<string, unknown>

  it.each(requiredFuses)('sets %s to %s (%s)', (name, value) => {
    expect(knownFuses).toContain(name)
    expect(fuses[name]).toBe(value)
  })

  it('names only fuses electron-builder knows', () => {
    expect(Object.keys(fuses).filter((k) => !knownFuses.includes(k))).toEqual([])
  })

  it('packs the app into an asar, which the integrity fuses need', () => {
    expect(builderConfig.asar ?? true).toBe(true)
    expect(builderConfig.asarUnpack ?? []).toEqual([])
  })
})
