/** The org config's `schedule` key: kept when valid, reported (with the org and key) when not. */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatConfigIssues } from '../../../src/config/issues';
import { parseConfigText } from '../../../src/config/load-config';
import { scheduledOrgs } from '../../../src/schedule/scheduler';
import { baseOrg, ENV, makeTempDir, yamlWithOrgs } from './config-fixtures';

const temp = makeTempDir();
afterAll(() => temp.cleanup());
const parse = (yaml: string) => parseConfigText(yaml, ENV, join(temp.dir, 'orgs.yml'));

describe('org schedule in the config', () => {
  it('keeps a valid schedule; scheduledOrgs lists only orgs that have one', () => {
    const result = parse(
      yamlWithOrgs({
        acme: { ...baseOrg(), schedule: 'every 1h' },
        globex: { ...baseOrg(), schedule: '15 */6 * * *' },
        initech: baseOrg(),
      }),
    );
    if (!result.ok) throw new Error(formatConfigIssues(result.errors));
    expect(result.config.orgs.get('acme')?.schedule).toBe('every 1h');
    expect(scheduledOrgs(result.config).map((o) => [o.name, o.schedule.text])).toEqual([
      ['acme', 'every 1h'],
      ['globex', '15 */6 * * *'],
    ]);
  });

  it('reports a bad schedule with where it is and why', () => {
    const result = parse(yamlWithOrgs({ acme: { ...baseOrg(), schedule: 'every 10s' } }));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      const text = formatConfigIssues(result.errors);
      expect(text).toContain('schedule');
      expect(text).toContain('every 30m');
    }
  });
});
