import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createWireClient } from '../../../shared/client'
import type { CliIo } from '../io'
import { startServe } from './serve'

/** Calls `method` over the host's WebSocket as the page would; resolves with the error code or 'ok'. */
async function callOverSocket(tokenUrl: string, port: number, method: string, input: unknown): Promise<string> {
  const token = new URL(tokenUrl).searchParams.get('token') ?? ''
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, {
    headers: { origin: `http://127.0.0.1:${port}`, cookie: `keytrail_token_${port}=${token}` },
  })
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  const client = createWireClient((msg) => ws.send(JSON.stringify(msg)))
  ws.on('message', (data) => client.receive(JSON.parse(String(data))))
  try {
    await (client.call as (m: string, i: unknown) => Promise<unknown>)(method, input)
    return 'ok'
  } catch (err) {
    return (err as { code?: string }).code ?? String(err)
  } finally {
    ws.close()
  }
}

describe('keytrail serve --read-only', () => {
  let dir: string
  let io: CliIo
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-serve-'))
    mkdirSync(path.join(dir, 'renderer'))
    writeFileSync(path.join(dir, 'renderer', 'index.html'), '<!doctype html>')
    io = {
      out: () => undefined,
      err: () => undefined,
      env: { KEYTRAIL_CONFIG_DIR: path.join(dir, 'config'), KEYTRAIL_STATE_DIR: path.join(dir, 'state') },
    }
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const profile = { id: 'dev', name: 'Dev', environment: 'dev', readOnly: false, kafka: { brokers: ['127.0.0.1:1'] } }

  for (const readOnly of [true, false]) {
    it(`${readOnly ? 'refuses' : 'allows'} profile edits and alert rules`, async () => {
      const flags = { port: 0, host: '127.0.0.1', open: false, 'read-only': readOnly }
      const { host, router } = await startServe(flags, io, path.join(dir, 'renderer'))
      try {
        const call = (method: string, input: unknown) => callOverSocket(host.tokenUrl, host.port, method, input)
        const want = readOnly ? 'READ_ONLY' : 'ok'
        expect(await call('profiles.save', { profile })).toBe(want)
        expect(await call('lag.setRules', { id: 'dev', group: 'g', rules: null })).toBe(want)
        expect(await call('profiles.setReadOnly', { id: 'local', readOnly: true })).toBe(want)
        expect(await call('profiles.remove', { id: 'dev' })).toBe(readOnly ? 'READ_ONLY' : 'ok')
        expect(await call('app.info', {})).toBe('ok')
      } finally {
        await host.close()
        await router.close()
      }
    })
  }
})
