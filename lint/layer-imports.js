import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository's root: the forbidden folders are named from it, wherever ESLint runs. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * Keeps the layers apart whatever the depth of the importing file: a relative import is resolved
 * against the file's own folder, and the import is refused when it lands inside a forbidden
 * folder (`src/shared/contract/x.ts` importing `../../main/...` lands in `src/main`). A glob on
 * the specifier cannot tell that, because it does not know where the importing file is.
 */
export const layerImports = {
  meta: {
    type: 'problem',
    docs: { description: 'No import from a layer this file may not depend on.' },
    schema: [
      {
        type: 'object',
        properties: {
          forbidden: { type: 'array', items: { type: 'string' } },
          message: { type: 'string' },
        },
        required: ['forbidden'],
        additionalProperties: false,
      },
    ],
    messages: { crossLayer: '"{{source}}" reaches {{layer}}: {{message}}' },
  },
  create(context) {
    const { forbidden, message = 'not allowed from this layer.' } = context.options[0]
    const from = path.dirname(context.filename)
    const check = (node, source) => {
      if (typeof source !== 'string') return
      // Bare specifiers are packages; a path written from the project root ("src/main/x") is checked as one.
      const target = source.startsWith('.')
        ? path.relative(ROOT, path.resolve(from, source))
        : source.startsWith('src/')
          ? path.normalize(source)
          : null
      if (target === null) return
      const posix = target.split(path.sep).join('/')
      const layer = forbidden.find((f) => posix === f || posix.startsWith(`${f}/`))
      if (layer) context.report({ node, messageId: 'crossLayer', data: { source, layer, message } })
    }
    const fromSource = (node) => node.source && check(node.source, node.source.value)
    return {
      ImportDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportType: (node) => {
        const arg = node.argument?.literal ?? node.argument
        if (arg?.type === 'Literal') check(arg, arg.value)
      },
    }
  },
}

export const layersPlugin = { rules: { imports: layerImports } }
