// Lint enforces the process boundaries of SPEC §1 and the house style (STYLE.md §2–4, §14, §17–19).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import vueParser from 'vue-eslint-parser'
import globals from 'globals'

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'http', 'https', 'net', 'crypto', 'url', 'util', 'stream', 'zlib']
const platformPatterns = [{ group: ['node:*', 'electron', 'electron/*'], message: 'Platform modules are not allowed here (SPEC §1).' }]

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'build/**', '.tmp/**', 'test-results/**', 'assembly/**', 'bench/.cache/**', 'bench/data/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module', extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
      'vue/multi-word-component-names': 'error',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    // The engine is pure: no platform, no npm packages, seeded randomness, no console.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: nodeBuiltins, patterns: [...platformPatterns, { group: ['vue', 'pinia', 'echarts', '@vue-flow/*', '*/main/*', '*/renderer/*', '*/cli/*'], message: 'The engine imports nothing but itself.' }] }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Pass an Rng (src/engine/random.ts): runs must be reproducible.' }],
      'no-console': 'error',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: nodeBuiltins, patterns: platformPatterns }],
      'no-console': 'error',
    },
  },
  {
    // The renderer talks to the backend only through the typed API client.
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.vue'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { paths: nodeBuiltins, patterns: [...platformPatterns, { group: ['**/engine/**', '**/main/**', '**/preload/**', '**/cli/**'], message: 'The renderer sees the backend only through src/shared and api.ts.' }] }],
    },
  },
  {
    // Only the two IPC files touch raw ipcMain / ipcRenderer.
    files: ['src/**/*.ts'],
    ignores: ['src/main/ipc.ts', 'src/preload/index.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "ImportSpecifier[imported.name=/^ipc(Main|Renderer)$/]", message: 'Use src/main/ipc.ts or the preload API.' }],
    },
  },
)
