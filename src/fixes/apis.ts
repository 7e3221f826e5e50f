/**
 * Which Genesys client does what for a fix, per org: the fixer client writes, the diagnostic client reads,
 * and a token refresh uses the managed client's own credentials (diagnostic, fixer, or probe).
 * The probe credentials have no client in Services yet, so one is made here on first use and closed by close().
 */
import type { OrgConfig } from '../config/types';
import type { GenesysApi } from '../genesys/api';
import { createGenesysClient, type GenesysClient } from '../genesys/client';
import type { Services } from '../services';
import type { FixApis } from './executor';

export interface FixApiSource {
  /** The org's fix clients; undefined when the org has no fixer credentials (fixes disabled). */
  forOrg(org: OrgConfig): FixApis | undefined;
  close(): Promise<void>;
}

export function fixApisFromServices(services: Pick<Services, 'genesys' | 'logger'>): FixApiSource {
  const probes = new Map<string, GenesysClient>();
  const probeApi = (org: OrgConfig): GenesysApi | undefined => {
    if (!org.probe) return undefined;
    let client = probes.get(org.name);
    if (!client) {
      client = createGenesysClient({
        apiBaseUrl: org.apiBaseUrl,
        loginBaseUrl: org.loginBaseUrl,
        credentials: org.probe,
        logger: services.logger,
        label: `${org.name}/probe`,
      });
      probes.set(org.name, client);
    }
    return client;
  };
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
          if (clientId === org.probe?.clientId) return probeApi(org);
          return undefined;
        },
      };
    },
    async close() {
      await Promise.all([...probes.values()].map((client) => client.close()));
      probes.clear();
    },
  };
}
