import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// The project's own eslint.config.js, run on snippets that exist only in memory.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const eslint = new ESLint({ cwd: root })

/** The layer messages ESLint reports for `code` as if it were the file at `file`. */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) })
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'layers/imports' || m.ruleId === 'no-restricted-imports')
    .map((m) => m.message)
}

const importing = (source: string) => `import { x } from '${source}'\nexport const y = x\n`

// The first lint loads typescript-eslint: seconds on a busy machine.
describe('layer lint rules', { timeout: 60_000 }, () => {
  it.each([
    ['src/shared/x.ts', '../main/core'],
    ['src/shared/contract/x.ts', '../../main/core'],
    ['src/shared/contract/deep/x.ts', '../../../preload/index'],
    ['src/shared/contract/x.ts', '../../renderer/src/app'],
    ['src/shared/contract/x.ts', '../../shared/../main/core'],
  ])('refuses %s importing %s', async (file, source) => {
    const errors = await layerErrors(file, importing(source))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/reaches src\/(main|preload|renderer): src\/shared is pure/)
  })

  it('refuses re-exports and dynamic imports from another layer too', async () => {
    expect(await layerErrors('src/shared/contract/x.ts', "export * from '../../main/core'\n")).toHaveLength(1)
    expect(
      await layerErrors('src/shared/contract/x.ts', "export const m = () => import('../../main/core')\n"),
    ).toHaveLength(1)
  })

  it('refuses Node built-ins in src/shared', async () => {
    expect(await layerErrors('src/shared/contract/x.ts', importing('node:path'))).toHaveLength(1)
  })

  it.each([
    ['src/shared/contract/x.ts', '../format'],
    ['src/shared/contract/x.ts', './lag'],
    ['src/shared/contract/x.ts', 'zod'],
    ['src/main/core.ts', '../shared/contract'],
  ])('allows %s importing %s', async (file, source) => {
    expect(await layerErrors(file, importing(source))).toEqual([])
  })

  it('keeps the renderer away from main and preload at any depth, not from shared', async () => {
    const file = 'src/renderer/src/pages/deep/x.tsx'
    expect(await layerErrors(file, importing('../../../../main/core'))).toHaveLength(1)
    expect(await layerErrors(file, importing('../../../../preload/index'))).toHaveLength(1)
    expect(await layerErrors(file, importing('../../../../shared/contract'))).toEqual([])
  })
})
