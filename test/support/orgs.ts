/** An org config for unit tests that never reach Genesys (the base URLs point at closed loopback ports). */
import { Secret } from '../../src/config/secret';
import type { OrgConfig } from '../../src/config/types';

export function unitOrg(overrides: Partial<OrgConfig> = {}): OrgConfig {
  return {
    name: 'acme',
    apiBaseUrl: 'http://127.0.0.1:1',
    loginBaseUrl: 'http://127.0.0.1:2',
    diagnostic: { clientId: 'diag', clientSecret: new Secret('diag-LEAKCANARY') },
    fixer: { clientId: 'fixer', clientSecret: new Secret('fixer-LEAKCANARY') },
    channels: [],
    approvers: { users: ['U1'] },
    operations: [],
    ...overrides,
  };
}
