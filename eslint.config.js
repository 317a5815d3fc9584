import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import { layersPlugin } from './lint/layer-imports.js'

const noElectron = {
  paths: [
    {
      name: 'electron',
      message: 'Services stay Electron-free: only src/main/index.ts and src/main/electron/ may import electron.',
    },
  ],
}

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'e2e/artifacts/**',
      'stack/**/target/**',
      '.stack/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/main/**/*.ts', 'src/shared/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/electron/**'],
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  {
    files: ['src/shared/**/*.ts'],
    plugins: { layers: layersPlugin },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['node:*'], message: 'src/shared is pure: no Node, no other layer.' }],
          ...noElectron,
        },
      ],
      'layers/imports': [
        'error',
        {
          forbidden: ['src/main', 'src/preload', 'src/renderer'],
          message: 'src/shared is pure: no Node, no other layer.',
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks, layers: layersPlugin },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'layers/imports': [
        'error',
        {
          forbidden: ['src/main', 'src/preload'],
          message: 'The renderer reaches the core only through the Backend.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['node:*'], message: 'The renderer reaches the core only through the Backend.' }],
          ...noElectron,
        },
      ],
    },
  },
  // Playwright fixtures are destructured even when a test uses none.
  { files: ['e2e/**/*.ts'], rules: { 'no-empty-pattern': 'off' } },
)
