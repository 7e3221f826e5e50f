/** Temp files and a known-good org for the config tests. Every secret here contains LEAKCANARY. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { LEAK_CANARY } from '../../support/secrets';

export const DIAG_SECRET = `${LEAK_CANARY}-diag-9f8e7d`;
export const FIXER_SECRET = `${LEAK_CANARY}-fixer-1a2b3c`;
export const PROBE_SECRET = `${LEAK_CANARY}-probe-4d5e6f`;

export const CLIENT_ID = '3f1c0a52-8d2e-4c1b-9a57-0e5d3b7c9f21';
export const FIXER_ID = '7b0d9e44-1c2a-4f3e-8b6d-5a4c3b2a1f00';
export const USER_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

export const ENV = { ACME_DIAG_SECRET: DIAG_SECRET, ACME_FIXER_SECRET: FIXER_SECRET };

export function makeTempDir(): { dir: string; write(name: string, content: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sr-check-config-'));
  return {
    dir,
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A minimal valid org in region form, as the YAML would hold it. */
export function baseOrg(): Record<string, unknown> {
  return {
    region: 'us-east-1',
    diagnostic: { clientId: CLIENT_ID, clientSecretEnv: 'ACME_DIAG_SECRET' },
  };
}

export function yamlWithOrgs(orgs: Record<string, unknown>, top: Record<string, unknown> = {}): string {
  return stringify({ ...top, orgs });
}
