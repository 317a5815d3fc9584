// Generates zod schemas for the Flink REST responses Keytrail reads, from Flink's own OpenAPI specs
// (../shared/reference/flink/rest_v1_dispatcher-<version>.yml). Output: src/main/flink/generated/.
// Every property is optional and unknown properties pass: Flink leaves fields out freely and adds
// new ones between versions. Known errors of the spec are corrected in src/main/flink/corrections.ts.
// Usage: node scripts/gen-flink-schemas.mjs [--check]   (--check: exit 1 when a file is stale)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const specDir = process.env.KEYTRAIL_FLINK_SPECS ?? path.join(root, 'src/main/flink/specs')
const outDir = path.join(root, 'src/main/flink/generated')

/** The endpoints Keytrail reads; the generator follows their response schemas' references. */
export const ENDPOINTS = {
  config: '/config',
  overview: '/overview',
  taskManagers: '/taskmanagers',
  jobsOverview: '/jobs/overview',
  jobDetails: '/jobs/{jobid}',
  jobConfig: '/jobs/{jobid}/config',
  jobExceptions: '/jobs/{jobid}/exceptions',
  checkpoints: '/jobs/{jobid}/checkpoints',
  checkpointConfig: '/jobs/{jobid}/checkpoints/config',
  checkpointDetails: '/jobs/{jobid}/checkpoints/details/{checkpointid}',
  checkpointSubtasks: '/jobs/{jobid}/checkpoints/details/{checkpointid}/subtasks/{vertexid}',
  backpressure: '/jobs/{jobid}/vertices/{vertexid}/backpressure',
  watermarks: '/jobs/{jobid}/vertices/{vertexid}/watermarks',
  triggerSavepoint: ['/jobs/{jobid}/savepoints', 'post'],
  savepointStatus: '/jobs/{jobid}/savepoints/{triggerid}',
  stopWithSavepoint: ['/jobs/{jobid}/stop', 'post'],
}

/** Where the spec contradicts what a real cluster sends (checked against Flink 1.20.3). */
const OVERRIDES = {
  // Sent as a hex string like the other ids; the spec describes the Java object's fields.
  SlotSharingGroupId: { type: 'string', pattern: '[0-9a-f]{32}' },
  // /jobs/:jid/config sends jid, name and execution-config; the spec names Java fields.
  JobConfigInfo: {
    type: 'object',
    properties: {
      jid: { type: 'string' },
      name: { type: 'string' },
      'execution-config': { $ref: '#/components/schemas/ExecutionConfigInfo' },
    },
  },
}

const refName = (ref) => ref.replace('#/components/schemas/', '')
const typeName = (name) => name.replace(/[^A-Za-z0-9_]/g, '_')
const ident = (name) => `${typeName(name)}Schema`

/** The zod expression of one OpenAPI schema (every field optional, unknown fields kept). */
function expr(s, depth = 0) {
  if (!s) return 'z.unknown()'
  if (s.$ref) {
    const name = refName(s.$ref)
    return `z.lazy(() => ${ident(name)})`
  }
  for (const key of ['oneOf', 'anyOf']) if (s[key]) return `z.union([${s[key].map((x) => expr(x, depth)).join(', ')}])`
  if (s.allOf)
    return s.allOf.length === 1
      ? expr(s.allOf[0], depth)
      : `z.intersection(${s.allOf.map((x) => expr(x, depth)).join(', ')})`
  switch (s.type) {
    case 'integer':
      return 'z.number()'
    case 'number':
      // Jackson writes a double NaN as the string "NaN" (percentiles of empty statistics).
      return "z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])])"
    case 'boolean':
      return 'z.boolean()'
    case 'string':
      return s.enum ? `z.string() /* ${s.enum.join(' | ')} */` : 'z.string()'
    case 'array':
      return `z.array(${expr(s.items, depth + 1)})`
    case 'object':
    case undefined: {
      const props = Object.entries(s.properties ?? {})
      if (!props.length && s.additionalProperties && typeof s.additionalProperties === 'object') {
        return `z.record(z.string(), ${expr(s.additionalProperties, depth + 1)})`
      }
      if (!props.length) return 'z.looseObject({})'
      const pad = '  '.repeat(depth + 1)
      const body = props.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${expr(v, depth + 1)}.nullish(),`).join('\n')
      return `z.looseObject({\n${body}\n${'  '.repeat(depth)}})`
    }
    default:
      return 'z.unknown()'
  }
}

/** The TypeScript type of one OpenAPI schema, matching `expr`. */
function tsType(s, depth = 0) {
  if (!s) return 'unknown'
  if (s.$ref) return typeName(refName(s.$ref))
  for (const key of ['oneOf', 'anyOf']) if (s[key]) return s[key].map((x) => tsType(x, depth)).join(' | ')
  if (s.allOf) return s.allOf.map((x) => tsType(x, depth)).join(' & ')
  switch (s.type) {
    case 'integer':
      return 'number'
    case 'number':
      return "number | 'NaN' | 'Infinity' | '-Infinity'"
    case 'boolean':
      return 'boolean'
    case 'string':
      return 'string'
    case 'array':
      return `Array<${tsType(s.items, depth + 1)}>`
    case 'object':
    case undefined: {
      const props = Object.entries(s.properties ?? {})
      if (!props.length && s.additionalProperties && typeof s.additionalProperties === 'object') {
        return `Record<string, ${tsType(s.additionalProperties, depth + 1)}>`
      }
      if (!props.length) return 'Record<string, unknown>'
      const pad = '  '.repeat(depth + 1)
      const body = props.map(([k, v]) => `${pad}${JSON.stringify(k)}?: ${tsType(v, depth + 1)} | null`).join('\n')
      return `{\n${body}\n${'  '.repeat(depth)}}`
    }
    default:
      return 'unknown'
  }
}

/** The endpoints' response schemas, and every named schema they reach in dependency order. */
function collect(spec, schemas) {
  const needed = new Set()
  const order = []

  const visit = (schema) => {
    if (!schema || typeof schema !== 'object') return
    if (schema.$ref) {
      const name = refName(schema.$ref)
      if (needed.has(name)) return
      needed.add(name)
      visit(schemas[name])
      order.push(name)
      return
    }
    for (const key of ['items', 'additionalProperties']) if (typeof schema[key] === 'object') visit(schema[key])
    for (const p of Object.values(schema.properties ?? {})) visit(p)
    for (const key of ['oneOf', 'anyOf', 'allOf']) for (const s of schema[key] ?? []) visit(s)
  }

  const roots = {}
  for (const [name, target] of Object.entries(ENDPOINTS)) {
    const [p, method] = Array.isArray(target) ? target : [target, 'get']
    const op = spec.paths?.[p]?.[method]
    const schema =
      op?.responses?.['200']?.content?.['application/json']?.schema ??
      op?.responses?.['202']?.content?.['application/json']?.schema
    if (!schema) continue
    visit(schema)
    roots[name] = schema
  }
  return { roots, order }
}

function generate(version) {
  const spec = parse(readFileSync(path.join(specDir, `rest_v1_dispatcher-${version}.yml`), 'utf8'))
  const schemas = { ...spec.components?.schemas, ...OVERRIDES }
  const { roots, order } = collect(spec, schemas)
  const lines = [
    `// Generated by scripts/gen-flink-schemas.mjs from Flink's rest_v1_dispatcher-${version}.yml (${spec.info?.version}).`,
    '// Do not edit: regenerate. Corrections of the spec live in ../corrections.ts.',
    "import { z } from 'zod'",
    '',
  ]
  for (const name of order) {
    lines.push(`export type ${typeName(name)} = ${tsType(schemas[name])}`)
    lines.push(`export const ${ident(name)}: z.ZodType<${typeName(name)}> = ${expr(schemas[name])}`, '')
  }
  lines.push('/** Response schema of each endpoint Keytrail reads, by name. */', 'export const responses = {')
  for (const [name, schema] of Object.entries(roots))
    lines.push(`  ${name}: ${expr(schema, 1)} as z.ZodType<${tsType(schema, 1)}>,`)
  lines.push('} as const', '')
  return lines.join('\n')
}

const check = process.argv.includes('--check')
let stale = false
mkdirSync(outDir, { recursive: true })
for (const version of ['1.20', '2.2']) {
  const file = path.join(outDir, `rest-${version.replace('.', '_')}.ts`)
  if (!existsSync(path.join(specDir, `rest_v1_dispatcher-${version}.yml`))) {
    console.error(`No spec for Flink ${version} in ${specDir}`)
    process.exit(2)
  }
  const text = generate(version)
  if (check) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
      console.error(`${file} is stale: run node scripts/gen-flink-schemas.mjs`)
      stale = true
    }
  } else writeFileSync(file, text)
}
process.exit(stale ? 1 : 0)
