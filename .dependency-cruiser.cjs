// @ts-check
/**
 * Layering, folder to folder (docs/architecture.md "Folders and floors"), checked by
 * `npm run lint:deps`. Floors from the ground up; an import goes down, or sideways within a floor:
 *   model → store, vault, http → vendors, osf → sync, files, export, accounts, workspace, sources (+ demo)
 *   → api → cli/, cli.ts, index.ts, preload.ts, start.ts (and window.ts, fuses.ts: the Electron shell).
 * Simulators are product code for the demo but stand apart: node built-ins and model only.
 * test/unit/lint/layering.test.ts runs these rules on test/fixtures/layering/ to prove they fail.
 */

const MODEL = '^src-main/model(\\.ts$|/)';
const SHELL = '^src-main/(cli/|(cli|index|preload|start|window|fuses)\\.ts$)';
const SERVICES = '(sync|files|export|accounts|workspace|sources|demo)';
/** What the renderer may import besides its own files (npm packages by folder, @types included). */
const RENDERER_PACKAGES = [
  'react',
  'react-dom',
  'uplot',
  'i18next',
  'react-i18next',
  'd3-geo',
  'topojson-client',
  'topojson-specification',
  'world-atlas',
].join('|');

/**
 * `from` (a folder pattern with one group) may import only its own folder, the model, and `allowed`.
 * @param {string} name @param {string} comment @param {string} from @param {string[]} allowed
 * @returns {import('dependency-cruiser').IForbiddenRuleType}
 */
function importsOnly(name, comment, from, allowed) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: `^src-main/${from}/` },
    to: { path: '^src-main/', pathNot: [`^src-main/$1/`, MODEL, ...allowed.map((f) => `^src-main/${f}/`)] },
  };
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No circle of files, type imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      comment: 'No circle of src-main folders (a vendor sub-folder and vendors/ itself are one room).',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src-main/', pathNot: '^src-main/vendors/[^/]+/' },
      to: { circular: true, pathNot: '^src-main/vendors/[^/]+/' },
    },
    {
      name: 'model-imports-nothing',
      comment: 'model is the leaf every layer shares: it imports nothing of ours.',
      severity: 'error',
      from: { path: MODEL },
      to: { path: '^src-(main|renderer)/', pathNot: MODEL },
    },
    importsOnly('floor-1-imports-only-model', 'store, vault and http import only model.', '(store|vault|http)', []),
    importsOnly('vendors-import-model-and-http', 'A connector talks HTTP and maps to the model.', '(vendors)', [
      'http',
    ]),
    importsOnly('osf-imports-lower-floors', 'osf reads files and imports them into the store.', '(osf)', [
      'store',
      'vault',
      'http',
      'vendors',
    ]),
    {
      name: 'services-stay-below-the-shell',
      comment: 'Services import lower floors and each other; never the CLI or the Electron shell.',
      severity: 'error',
      from: { path: `^src-main/${SERVICES}/` },
      to: { path: SHELL },
    },
    {
      name: 'only-the-demo-starts-simulators',
      comment: "The simulators are the demo's vendors; the product reaches them through demo/ only.",
      severity: 'error',
      from: { path: '^src-(main|renderer)/', pathNot: '^src-main/(demo|simulators)/' },
      to: { path: '^src-main/simulators/' },
    },
    {
      name: 'only-transports-import-api',
      comment: 'api/ is imported only by its transports, the CLI and the Electron shell.',
      severity: 'error',
      from: { path: '^src-main/', pathNot: ['^src-main/api/', SHELL] },
      to: { path: '^src-main/api/' },
    },
    {
      name: 'api-stays-below-the-shell',
      comment: 'api/ never imports the CLI or the Electron shell.',
      severity: 'error',
      from: { path: '^src-main/api/' },
      to: { path: SHELL, pathNot: '^src-main/api/' },
    },
    {
      name: 'simulators-import-only-builtins-and-model',
      comment: 'Simulators stand apart from the connectors: node built-ins and model only.',
      severity: 'error',
      from: { path: '^src-main/simulators/' },
      to: { dependencyTypesNot: ['core'], pathNot: ['^src-main/simulators/', MODEL] },
    },
    {
      name: 'no-product-imports-test',
      comment: 'Product code never imports test code.',
      severity: 'error',
      from: { path: '^src-(main|renderer)/' },
      to: { path: '^test/' },
    },
    {
      name: 'renderer-imports-only-its-packages-and-the-contract',
      comment:
        'The renderer imports its own files, its UI packages, the contract (types), the wire codec, model/capabilities, model/units, model/wall-clock and model/language.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: {
        dependencyTypesNot: ['core'],
        pathNot: [
          '^src-renderer/',
          '^src-main/api/(contract|wire)\\.ts$',
          '^src-main/model/(capabilities|language|units|wall-clock)\\.ts$',
          `(^|/)node_modules/(@types/)?(${RENDERER_PACKAGES})/`,
        ],
      },
    },
    {
      name: 'renderer-imports-only-contract-types',
      comment: 'The contract holds zod schemas for main; the renderer takes its types only.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: '^src-main/api/contract\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'renderer-uses-no-node',
      comment: 'The renderer runs in a sandboxed page: no node built-ins.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    // Type imports count: a circle through types is still a circle.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^test/fixtures/' },
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
