/**
 * Which Genesys client does what for a fix, per org: the fixer client writes, the diagnostic client reads,
 * and a token refresh uses the managed client's own credentials (diagnostic, fixer, or probe).
 */
import type { OrgConfig } from '../config/types';
import type { Services } from '../services';
import type { FixApis } from './executor';

export interface FixApiSource {
  /** The org's fix clients; undefined when the org has no fixer credentials (fixes disabled). */
  forOrg(org: OrgConfig): FixApis | undefined;
  close(): Promise<void>;
}

export function fixApisFromServices(services: Pick<Services, 'genesys' | 'logger'>): FixApiSource {
  return {
    forOrg(org) {
      const fixer = services.genesys(org, 'fixer');
      const reader = services.genesys(org, 'diagnostic');
      if (!fixer || !reader) return undefined;
      return {
        fixer,
        reader,
        managed(clientId) {
          if (clientId === org.fixer?.clientId) return fixer;
          if (clientId === org.diagnostic.clientId) return reader;
          if (clientId === org.probe?.clientId) return services.genesys(org, 'probe');
          return undefined;
        },
      };
    },
    // The clients belong to Services, which closes them.
    async close() {},
  };
}
