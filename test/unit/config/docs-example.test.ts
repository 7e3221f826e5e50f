/** Keeps docs/configuration.md honest: its complete example must load as documented. */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfigText } from '../../../src/config/load-config';
import { formatConfigIssues } from '../../../src/config/issues';
import { LEAK_CANARY } from '../../support/secrets';
import { makeTempDir } from './config-fixtures';

const temp = makeTempDir();
afterAll(() => temp.cleanup());

describe('docs/configuration.md', () => {
  it('the complete example is a valid config', () => {
    const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'configuration.md'), 'utf8');
    const example = /## Complete example\s+```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const fixerFile = temp.write('acme-fixer', `${LEAK_CANARY}-fixer\n`);
    mkdirSync(join(temp.dir, 'secrets'));
    temp.write('secrets/lab-diag', `${LEAK_CANARY}-lab\n`);
    const env = {
      ACME_DIAG_SECRET: `${LEAK_CANARY}-a`,
      ACME_PROBE_SECRET: `${LEAK_CANARY}-p`,
      GLOBEX_DIAG_SECRET: `${LEAK_CANARY}-g`,
    };
    const result = parseConfigText(
      example!.replace('/run/secrets/acme-fixer', fixerFile),
      env,
      join(temp.dir, 'orgs.yml'),
    );
    if (!result.ok) throw new Error(formatConfigIssues(result.errors));
    expect([...result.config.orgs.keys()]).toEqual(['acme', 'globex', 'lab']);
    expect(result.config.orgs.get('lab')?.diagnostic.clientSecret.reveal()).toBe(`${LEAK_CANARY}-lab`);
    expect(result.config.orgs.get('acme')?.fixer?.clientSecret.reveal()).toBe(`${LEAK_CANARY}-fixer`);
  });
});
