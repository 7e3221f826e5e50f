/**
 * The direction of dependencies, checked in CI (`npm run lint:deps`):
 *   slack, cli  ->  approvals, fixes  ->  diagnosis  ->  genesys, catalog
 * the store depends on domain types only, and the simulator (a second, independent implementation of Genesys)
 * shares nothing with the checker but the catalog's data (the operations and scopes it serves).
 */
/**
 * The folders (and top-level files) of src, top floor first. Each imports only what stands below it, so no two
 * import each other and no import runs back up. A new folder takes its place in this list.
 */
const FLOORS = [
  'build',
  'index.ts',
  'slack',
  'cli',
  'compose-approvals.ts',
  'compose.ts',
  'check-thread',
  'store',
  'approvals',
  'render',
  'schedule',
  'fixes',
  'demo.ts',
  'services.ts',
  'compare',
  'watch',
  'diagnosis',
  'request',
  'sim',
  'config',
  'paste',
  'genesys',
  'metrics.ts',
  'log.ts',
  'org-metrics.ts',
  'catalog',
  'prebuilt.ts',
];
const room = (name) => `^src/${name.replace('.', '\\.')}${name.endsWith('.ts') ? '$' : '/'}`;
const FLOOR_RULES = FLOORS.slice(1).map((name, i) => ({
  name: 'no-folder-pair-imports-each-other',
  severity: 'error',
  comment: `src/${name} imports only what stands below it in FLOORS (type-only imports too).`,
  from: { path: room(name) },
  to: { path: FLOORS.slice(0, i + 1).map(room).join('|') },
}));
const LAYERS_BELOW_SLACK = '^src/(approvals|fixes|watch|diagnosis|request|genesys|catalog|paste|store|config|render)/';
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles (type-only ones too) hide the real layering.', from: { path: '^(src|bench)/' }, to: { circular: true } },
    ...FLOOR_RULES,
    {
      name: 'nothing-imports-the-surfaces',
      severity: 'error',
      comment: 'Slack and the CLI are the top: no domain module may import them.',
      from: { path: LAYERS_BELOW_SLACK },
      to: { path: '^src/(slack|cli)/' },
    },
    {
      name: 'surfaces-apart',
      severity: 'error',
      comment: 'Slack and the CLI share what lies below them, never each other.',
      from: { path: '^src/slack/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'cli-apart-from-slack',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/slack/' },
    },
    {
      name: 'diagnosis-below-approvals',
      severity: 'error',
      comment: 'Diagnosis, Genesys and the catalog know nothing of approvals, fixes being applied, or the store.',
      from: { path: '^src/(diagnosis|request|genesys|catalog|paste)/' },
      to: { path: '^src/(approvals|fixes|store)/' },
    },
    {
      name: 'genesys-catalog-below-diagnosis',
      severity: 'error',
      from: { path: '^src/(genesys|catalog)/' },
      to: { path: '^src/diagnosis/' },
    },
    {
      name: 'store-imports-only-domain-types-and-its-driver',
      severity: 'error',
      comment: 'The store implements the ports the domain declares: it may name domain types, never run domain code.',
      from: { path: '^src/store/' },
      to: { path: '^src/(?!store/)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'store-imports-only-its-driver',
      severity: 'error',
      comment: 'Of the packages, the store uses its database drivers only (better-sqlite3, pg).',
      from: { path: '^src/store/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: 'node_modules/(better-sqlite3|pg|@types/(better-sqlite3|pg))/' },
    },
    {
      name: 'simulator-is-independent',
      severity: 'error',
      comment: 'The simulator must not reuse the checker\'s rules; it may read the catalog data (operations, scopes) only.',
      from: { path: '^src/sim/' },
      to: { path: '^src/(diagnosis|request|approvals|fixes|slack|cli|paste|store)/|^src/catalog/(?!catalog\\.ts$|scopes\\.ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^dist/' },
  },
};
