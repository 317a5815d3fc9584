// `npm run bench [name…]`: runs the benchmarks under bench/ (all by default); results in bench/results/.
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { ensureBuild, ensureDependencies, root, run } from './bootstrap.mjs'

ensureDependencies()
ensureBuild()
const all = readdirSync(path.join(root, 'bench'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && ['run.mjs', 'run.ts'].some((f) => existsSync(path.join(root, 'bench', d.name, f))))
  .map((d) => d.name)
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : all
for (const name of chosen) {
  if (!all.includes(name)) throw new Error(`No benchmark ${name}; have ${all.join(', ')}`)
  console.log(`\n=== bench/${name}`)
  const mjs = path.join(root, 'bench', name, 'run.mjs')
  // TypeScript benches import the services directly, run by jiti.
  const code = existsSync(mjs)
    ? run(process.execPath, [mjs])
    : run(process.execPath, [
        path.join(root, 'node_modules/jiti/lib/jiti-cli.mjs'),
        path.join(root, 'bench', name, 'run.ts'),
      ])
  if (code !== 0) process.exit(1)
}
