/**
 * Import rules (run by `pnpm lint`, so `npm test` fails when they break):
 *   apps → engine/inference → nodes → db, never upwards; no package imports an app;
 *   browser-safe entry points (nodes' and engine's index.ts) never reach server code;
 *   only packages/db imports Prisma; no cycles.
 * @type {import('dependency-cruiser').IConfiguration}
 */
/** Server-only modules of nodes and engine (plus tests, which may use anything). */
const SERVER_ONLY = [
  '\\.execute\\.ts$',
  '\\.server\\.ts$',
  '/server\\.ts$',
  '^packages/engine/src/(queue|runtime|media|scheduler|audit|http)/',
  '\\.test\\.ts$',
  '/executors/',
];

module.exports = config();

function config() {
  return {
    forbidden: [
      {
        name: 'not-to-unresolvable',
        comment: 'an import of a package the importing workspace package does not declare',
        severity: 'error',
        from: {},
        to: { couldNotResolve: true },
      },
      {
        name: 'no-circular',
        severity: 'error',
        from: {},
        to: { circular: true, viaOnly: { pathNot: '\\.types\\.ts$' } },
      },
      {
        name: 'packages-never-import-apps',
        severity: 'error',
        from: { path: '^packages/' },
        to: { path: '^apps/' },
      },
      {
        name: 'db-is-the-bottom',
        severity: 'error',
        from: { path: '^packages/db/', pathNot: '\\.test\\.ts$' },
        to: { path: '^packages/(nodes|engine|inference|testing)/' },
      },
      {
        name: 'nodes-only-import-db',
        severity: 'error',
        from: { path: '^packages/nodes/' },
        to: { path: '^packages/(engine|inference|testing)/' },
      },
      {
        name: 'engine-and-inference-stay-apart',
        comment: 'engine and inference meet in the apps (ctx.infer is an interface in nodes)',
        severity: 'error',
        from: { path: '^packages/(engine|inference)/' },
        to: { path: '^packages/(engine|inference)/', pathNot: '^packages/$1/' },
      },
      {
        name: 'only-db-imports-prisma',
        severity: 'error',
        from: { pathNot: '^packages/db/' },
        to: { path: '(@prisma/|/prisma/|packages/db/generated/)' },
      },
      {
        name: 'testing-only-from-tests',
        severity: 'error',
        from: {
          pathNot: [
            '\\.test\\.tsx?$',
            '\\.test-support\\.ts$',
            '^packages/testing/',
            '/e2e/',
            '/__tests__/',
            '^bench/',
            '^tests/',
          ],
        },
        to: { path: '^packages/testing/' },
      },
      {
        name: 'browser-safe-entries-stay-browser-safe',
        comment: 'what nodes/index.ts and engine/index.ts reach must not touch Node built-ins or server modules',
        severity: 'error',
        from: { path: '^packages/(nodes|engine)/src/', pathNot: SERVER_ONLY },
        to: { dependencyTypes: ['core'] },
      },
      {
        name: 'browser-safe-never-reach-server-code',
        severity: 'error',
        from: { path: '^packages/(nodes|engine)/src/', pathNot: SERVER_ONLY },
        to: {
          path: [
            ...SERVER_ONLY.filter((p) => p !== '\\.test\\.ts$'),
            '^packages/db/',
            'node_modules/(pg|pg-boss|pino)/',
          ],
        },
      },
    ],
    options: {
      doNotFollow: { path: 'node_modules' },
      exclude: { path: ['node_modules', '\\.next', 'generated', '\\.d\\.ts$'] },
      tsPreCompilationDeps: true,
      tsConfig: { fileName: 'tsconfig.depcruise.json' },
      enhancedResolveOptions: {
        exportsFields: ['exports'],
        conditionNames: ['import', 'require', 'node', 'default', 'types'],
        extensions: ['.ts', '.tsx', '.js', '.mjs'],
      },
      combinedDependencies: true,
    },
  };
}
