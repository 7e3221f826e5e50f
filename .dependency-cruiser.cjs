/**
 * The direction of dependencies, checked in CI (`npm run lint:deps`):
 *   slack, cli  ->  approvals, fixes  ->  diagnosis  ->  genesys, catalog
 * the store depends on domain types only, and the simulator (a second, independent implementation of Genesys)
 * shares nothing with the checker but the catalog's data (the operations and scopes it serves).
 */
const LAYERS_BELOW_SLACK = '^src/(approvals|fixes|diagnosis|genesys|catalog|paste|store|config|render)/';
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles (type-only ones too) hide the real layering.', from: { path: '^src/' }, to: { circular: true } },
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
      from: { path: '^src/(diagnosis|genesys|catalog|paste)/' },
      to: { path: '^src/(approvals|fixes|store)/' },
    },
    {
      name: 'genesys-catalog-below-diagnosis',
      severity: 'error',
      from: { path: '^src/(genesys|catalog)/' },
      to: { path: '^src/diagnosis/' },
    },
    {
      name: 'store-depends-on-types-only',
      severity: 'error',
      comment: 'The store may name domain types, never run domain code.',
      from: { path: '^src/store/' },
      to: { path: '^src/(approvals|fixes|diagnosis|schedule|slack|cli)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'simulator-is-independent',
      severity: 'error',
      comment: 'The simulator must not reuse the checker\'s rules; it may read the catalog data (operations, scopes) only.',
      from: { path: '^src/sim/' },
      to: { path: '^src/(diagnosis|approvals|fixes|slack|cli|paste|store)/|^src/catalog/(?!catalog\\.ts$|scopes\\.ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
