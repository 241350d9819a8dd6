// @ts-check
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Layering (DESIGN.md convention 8): who may import what is checked, not hoped for. */
const only = (name, message) => ({ name, message });

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**', 'release/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  // CommonJS files (electron-builder's config and hooks) load their modules with require().
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [only('better-sqlite3', 'Only src-main/store/ talks to SQLite.')],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/http/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'undici',
              allowTypeImports: true,
              message: 'Only src-main/http/ talks HTTP (types such as Dispatcher are fine).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!electron$|\\./api/contract$).*',
              message: 'The sandboxed preload imports only electron and contract types.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '^(?!react$|react-dom/client$|react/jsx-runtime$|uplot$|uplot/dist/uPlot\\.min\\.css$|i18next$|react-i18next$|d3-geo$|topojson-client$|topojson-specification$|world-atlas/countries-50m\\.json$|\\.{1,2}/(?!.*src-main)|(\\.\\./)+src-main/api/(contract|wire)$|(\\.\\./)+src-main/model/(units|language|wall-clock)$).*',
              message:
                'The renderer imports only React, uPlot, i18next, the offline map (d3-geo, topojson, world-atlas), its own files, the API contract (types), the wire codec, model/units, model/wall-clock and model/language.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src-main/api/contract'],
              allowTypeImports: true,
              message: 'Import only types from the contract.',
            },
          ],
        },
      ],
    },
  },
);
