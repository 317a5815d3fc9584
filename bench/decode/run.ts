// bench/decode: Keytrail's registry client + decoders against @kafkajs/confluent-schema-registry, same run:
//  1. correctness: every case of issue #14 (cases.ts), produced with avsc/protobufjs in the Confluent
//     wire format, decoded by both and compared after a JSON round trip (what the UI and --json show);
//  2. speed: 100,000 records each (decoded and serialised to JSON) of Avro, Protobuf and JSON Schema (an order-event envelope);
//  3. bundle: minified size each adds to the main bundle (rolldown; avsc, protobufjs@8 and zod already ship).
// No Kafka needed: schemas come from an in-process stand-in for the registry's HTTP API.
// Usage: npm i --no-save @kafkajs/confluent-schema-registry && npm run bench decode   (writes bench/results/decode.json)
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import path from 'node:path'
import avro from 'avsc'
import protobuf from 'protobufjs'
import { build } from 'rolldown'
import { FakeSchemaRegistry, frame, protobufPayload } from '../../src/main/test-support/fake-schema-registry'
import type { SchemaRegistry } from '../../src/main/trace/schema-registry'
import type { decodeRecord } from '../../src/main/trace/value-decoder'
import { allCases, matches, type Case } from './cases'

const LIB = '@kafkajs/confluent-schema-registry'
const N = Number(process.env.KEYTRAIL_BENCH_DECODE_N ?? 100_000)
const root = path.resolve(import.meta.dirname, '../..')
const log = (s: string) => console.log(s)
type Decode = (c: { bytes: Buffer; key?: boolean }) => Promise<unknown>

async function library(url: string): Promise<Decode> {
  const req = createRequire(import.meta.url)
  const { SchemaRegistry: Lib } = req(LIB) as {
    SchemaRegistry: new (o: { host: string }) => { decode(b: Buffer): Promise<unknown> }
  }
  const lib = new Lib({ host: url })
  return (c) => lib.decode(c.bytes)
}

/** Keytrail's decoder from a native ESM bundle of it (as the app ships it), not through jiti's transpiler. */
async function keytrail(url: string, bundle: string): Promise<Decode> {
  const m = (await import(pathToFileURL(bundle).href)) as {
    SchemaRegistry: typeof SchemaRegistry
    decodeRecord: typeof decodeRecord
  }
  const registry = new m.SchemaRegistry({ url })
  return async (c) => {
    const d = await m.decodeRecord(c.key ? { key: c.bytes, value: null } : { key: null, value: c.bytes }, registry)
    if (d.undecodable) throw new Error(d.undecodable)
    return c.key ? (d.key.format === 'protobuf' ? JSON.parse(d.key.text!) : d.key.text) : d.value
  }
}

async function correctness(cases: Case[], decoders: Record<string, Decode>) {
  const rows: Record<string, string>[] = []
  for (const c of cases) {
    const row: Record<string, string> = { format: c.format, case: c.name }
    for (const [name, decode] of Object.entries(decoders)) {
      try {
        const got = JSON.parse(JSON.stringify(await decode(c))) as unknown
        row[name] = matches(got, c.expected) ? 'yes' : `no: ${JSON.stringify(got).slice(0, 70)}`
      } catch (err) {
        row[name] = `no: ${(err as Error).message.slice(0, 70)}`
      }
    }
    rows.push(row)
  }
  return rows
}

/** One order-event envelope per format, framed, as the generator writes them. */
function speedRecords(reg: FakeSchemaRegistry): Record<string, Buffer> {
  const avroSchema = {
    type: 'record',
    name: 'OrderEvent',
    fields: [
      { name: 'type', type: 'string' },
      { name: 'eventId', type: 'string' },
      { name: 'orderId', type: 'string' },
      { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'causationId', type: ['null', 'string'], default: null },
      { name: 'amountMinor', type: 'long' },
    ],
  }
  const event = { type: 'OrderCreated', eventId: 'evt-0001', orderId: 'ord-5001', causationId: null, amountMinor: 1999 }
  const avroId = reg.register('speed-avro', { schema: JSON.stringify(avroSchema) })
  // No well-known import here: the library cannot resolve one, and speed needs both to decode.
  const protoText = `syntax = "proto3";\nmessage OrderEvent { string type = 1; string eventId = 2; string orderId = 3; int64 occurredAt = 4; string causationId = 5; int64 amountMinor = 6; }\n`
  const protoId = reg.register('speed-proto', { schema: protoText, schemaType: 'PROTOBUF' })
  const T = protobuf.parse(protoText, { keepCase: true }).root.lookupType('OrderEvent')
  const jsonId = reg.register('speed-json', {
    schema: JSON.stringify({ type: 'object', properties: { type: { type: 'string' } } }),
    schemaType: 'JSON',
  })
  const plainSchema = {
    ...avroSchema,
    name: 'PlainEvent',
    fields: avroSchema.fields.filter((f) => f.name !== 'occurredAt'),
  }
  const plainId = reg.register('speed-avro-plain', { schema: JSON.stringify(plainSchema) })
  return {
    'Avro (no timestamp field)': frame(plainId, avro.Type.forSchema(plainSchema as avro.Schema).toBuffer(event)),
    Avro: frame(avroId, avro.Type.forSchema(avroSchema as avro.Schema).toBuffer({ ...event, occurredAt: Date.now() })),
    Protobuf: frame(
      protoId,
      protobufPayload([0], T.encode(T.fromObject({ ...event, occurredAt: Date.now() })).finish()),
    ),
    'JSON Schema': frame(jsonId, Buffer.from(JSON.stringify({ ...event, occurredAt: new Date().toISOString() }))),
  }
}

/** Median of 5 runs of N records per decoder, the decoders alternating run by run (the machine may be shared). */
async function speed(
  bytes: Buffer,
  decoders: Record<string, Decode>,
): Promise<Record<string, { ms: number; perSecond: number }>> {
  const runs: Record<string, number[]> = {}
  // Decoded and serialised: what a trace shows (the library returns protobuf Messages that serialise lazily).
  for (const decode of Object.values(decoders)) for (let i = 0; i < 2000; i++) JSON.stringify(await decode({ bytes }))
  for (let run = 0; run < 5; run++) {
    for (const [name, decode] of Object.entries(decoders)) {
      const t0 = performance.now()
      for (let i = 0; i < N; i++) JSON.stringify(await decode({ bytes }))
      ;(runs[name] ??= []).push(performance.now() - t0)
    }
  }
  return Object.fromEntries(
    Object.entries(runs).map(([name, xs]) => {
      const ms = [...xs].sort((a, b) => a - b)[2]!
      return [name, { ms: Math.round(ms), perSecond: Math.round((N / ms) * 1000) }]
    }),
  )
}

const BUNDLES = path.join(root, 'bench/results/decode-bundles')

/** Bundles an entry (minified, ESM) with what the app already ships left external; returns the file. */
async function bundle(name: string, entry: string, external: string[]): Promise<string> {
  // Inside the project, so that bare imports resolve from its node_modules.
  mkdirSync(BUNDLES, { recursive: true })
  const file = path.join(BUNDLES, `${name}-entry.ts`)
  writeFileSync(file, entry)
  const out = path.join(BUNDLES, `${name}.mjs`)
  await build({
    input: file,
    cwd: root,
    platform: 'node',
    external,
    logLevel: 'silent',
    output: { file: out, minify: true, format: 'esm' },
  })
  return out
}

async function main() {
  const reg = new FakeSchemaRegistry()
  const url = await reg.start()
  const cases = allCases(reg)
  const ours = `export { decodeRecord } from '${root}/src/main/trace/value-decoder'\nexport { SchemaRegistry } from '${root}/src/main/trace/schema-registry'\n`
  const oursFile = await bundle('keytrail', ours, ['avsc', 'zod', 'protobufjs'])
  // The library needs protobufjs 7 (the app has 8): that second copy is part of what it adds.
  const libFile = await bundle('library', `export { SchemaRegistry } from '${LIB}'\n`, ['avsc'])
  const sizes = { keytrail: statSync(oursFile).size, [LIB]: statSync(libFile).size }
  log(
    `bundle (minified; avsc, zod, protobufjs@8 already shipped): keytrail ${sizes.keytrail} B, ${LIB} ${sizes[LIB]} B`,
  )
  const decoders = { keytrail: await keytrail(url, oursFile), [LIB]: await library(url) }
  const table = await correctness(cases, decoders)
  log('format | case | keytrail | library')
  for (const r of table) log(`${r.format} | ${r.case} | ${r.keytrail} | ${r[LIB]}`)
  const speeds: Record<string, Record<string, { ms: number; perSecond: number }>> = {}
  for (const [format, bytes] of Object.entries(speedRecords(reg))) {
    speeds[format] = await speed(bytes, decoders)
    for (const [name, r] of Object.entries(speeds[format]))
      log(`${format} × ${N.toLocaleString()} with ${name}: ${r.ms} ms (${r.perSecond.toLocaleString()}/s)`)
  }
  await reg.close()
  rmSync(BUNDLES, { recursive: true, force: true })
  mkdirSync(path.join(root, 'bench/results'), { recursive: true })
  writeFileSync(
    path.join(root, 'bench/results/decode.json'),
    JSON.stringify({ at: new Date().toISOString(), n: N, table, speeds, bundle: sizes }, null, 2),
  )
}

await main()
