import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { CompressionTypes, type IHeaders } from 'kafkajs'
import { stackKafka } from '../../src/main/stack/kafka-node'
import { defaultStackOptions } from '../../src/main/stack/stack-config'
import { loadStackOptions } from '../../src/main/stack/stack-manager'
import { ShellPage } from '../support/shell-page'

/**
 * Records no producer should write, on a topic of their own (the demo pipeline's jobs never read
 * them): a 10 MB value, binary and invalid UTF-8 values, JSON nested 100 000 deep, and a thousand
 * headers with prototype names, a 100 KB value and bytes that are not UTF-8. A profile on the same
 * brokers traces them; the page shows them, says what it cut, and keeps answering.
 */
const TOPIC = 'keytrail-e2e-hostile'
const PROFILE = 'hostile'
const bin = path.resolve(import.meta.dirname, '../../bin/keytrail.js')

function cli(args: string[]): string {
  return execFileSync(process.execPath, [bin, ...args], {
    env: { ...process.env, KEYTRAIL_CONFIG_DIR: process.env.KEYTRAIL_E2E_CONFIG_DIR },
    encoding: 'utf8',
    timeout: 60_000,
  })
}

function hostileHeaders(): IHeaders {
  // The hostile ones first: past the first 100 headers an event shows none (and says so).
  const h: IHeaders = Object.create(null) as IHeaders
  for (const name of ['__proto__', 'constructor'])
    Object.defineProperty(h, name, { value: `not a ${name}`, enumerable: true })
  h['event-type'] = 'HostileHeaders'
  h['x-huge'] = 'h'.repeat(100_000)
  h['x-not-utf8'] = Buffer.from([0xc3, 0x28, 0xff])
  for (let i = 0; i < 1000; i++) h[`x-filler-${i}`] = `v${i}`
  return h
}

async function produceHostile(id: string): Promise<void> {
  const defaults = defaultStackOptions()
  const kafka = stackKafka(loadStackOptions(defaults.dir) ?? defaults, 'keytrail-e2e-hostile')
  const admin = kafka.admin()
  await admin.connect()
  try {
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }] })
  } finally {
    await admin.disconnect()
  }
  const deep = `{"orderId":"${id}","type":"DeepJson","deep":${'['.repeat(100_000)}${']'.repeat(100_000)}}`
  const producer = kafka.producer()
  await producer.connect()
  try {
    // gzip: the broker's 1 MB limit applies to the compressed batch; the reader inflates 10 MB.
    await producer.send({
      topic: TOPIC,
      compression: CompressionTypes.GZIP,
      messages: [
        { key: id, value: JSON.stringify({ orderId: id, type: 'OrderCreated' }) },
        { key: id, value: JSON.stringify({ orderId: id, type: 'HugeJson', blob: 'x'.repeat(10 * 1024 * 1024) }) },
        { key: id, value: randomBytes(4096), headers: { 'event-type': 'Binary' } },
        { key: id, value: Buffer.from([0x7b, 0xff, 0xfe, 0x41, 0x7d]), headers: { 'event-type': 'NotUtf8' } },
        { key: id, value: deep },
        { key: id, value: JSON.stringify({ orderId: id }), headers: hostileHeaders() },
      ],
    })
  } finally {
    await producer.disconnect()
  }
}

test('hostile records are traced and shown, cut where they must be, and the page keeps answering', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000)
  const id = `ord-hostile-${Date.now()}`
  await produceHostile(id)
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-e2e-hostile-'))
  const map = path.join(dir, 'map.json')
  writeFileSync(
    map,
    JSON.stringify({
      entity: 'order',
      rootKind: 'orderId',
      topics: [{ topic: TOPIC, ids: [{ from: 'key', kind: 'orderId' }] }],
    }),
  )
  const brokers = (
    JSON.parse(cli(['profiles', 'list', '--json'])) as { profiles: Array<{ id: string; kafka: { brokers: string[] } }> }
  ).profiles.find((p) => p.id === 'local')?.kafka.brokers
  if (!brokers?.length) throw new Error('no local profile to take the brokers from')
  cli(['profiles', 'add', PROFILE, '--brokers', brokers.join(','), '--name', 'Hostile records', '--json'])
  cli(['map', 'set', PROFILE, '--file', map, '--json'])

  const shell = new ShellPage(page)
  try {
    await page.goto(`${process.env.KEYTRAIL_E2E_URL ?? ''}#/trace?profile=${PROFILE}`)
    await shell.ready()
    await expect(page.getByTestId('page-trace')).toBeVisible()
    await page.getByTestId('trace-input').fill(id)
    await page.getByTestId('trace-run').click()
    const rows = page.getByTestId('event-row')
    await expect(rows).toHaveCount(6, { timeout: 90_000 })
    await expect(page.getByTestId('trace-verdict')).toBeVisible()

    const detail = page.getByTestId('event-detail')
    const open = async (type: string) => {
      await rows.filter({ hasText: type }).first().click()
      await expect(detail.locator('h2')).toContainText(type)
    }
    await open('HugeJson')
    await expect(detail.getByTestId('truncation-value')).toContainText('10,485,')
    await expect(detail.getByTestId('event-json')).toContainText(id)
    await open('DeepJson')
    await expect(detail.getByTestId('truncation-value')).toContainText('nested deeper than 64 levels')
    await open('HostileHeaders')
    await expect(detail.getByTestId('truncation-headers')).toContainText('headers')
    const headers = detail.getByTestId('event-headers')
    await expect(headers).toContainText('__proto__')
    await expect(headers).toContainText('base64:')
    await open('NotUtf8')
    await expect(detail).toContainText('shown raw')
    await open('Binary')
    await expect(detail).toContainText('binary')

    // Still answering: the theme switches and another page opens at once.
    await shell.theme('dark')
    const file = testInfo.outputPath('hostile-records-dark.png')
    await page.screenshot({ path: file, fullPage: true })
    await testInfo.attach('hostile-records-dark', { path: file, contentType: 'image/png' })
    await shell.theme('light')
    await shell.go('lag')
  } finally {
    await page.goto(`${process.env.KEYTRAIL_E2E_URL ?? ''}#/overview?profile=local`).catch(() => undefined)
    await shell.ready().catch(() => undefined)
  }
})
