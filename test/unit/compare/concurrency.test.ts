/** `org=*` checks at most `concurrency` orgs at once and answers in the orgs' order, whatever order they finish in. */
import { describe, expect, it } from 'vitest';
import { runManyOrgs } from '../../../src/compare/many-orgs';
import type { DiagnoseOutcome } from '../../../src/diagnosis/diagnose';

describe('runManyOrgs concurrency', () => {
  it.each([1, 3, 32])('runs at most %i orgs at once, every org once, results sorted by org', async (concurrency) => {
    const orgs = Array.from({ length: 10 }, (_, i) => `org-${String(i).padStart(2, '0')}`);
    let inFlight = 0;
    let most = 0;
    const seen: string[] = [];
    const result = await runManyOrgs(
      {
        // Later orgs finish first, so the order of the answer cannot come from the order of finishing.
        diagnose: async (request) => {
          seen.push(request.org);
          inFlight++;
          most = Math.max(most, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 20 - orgs.indexOf(request.org)));
          inFlight--;
          return { ok: false, message: `no verdict for ${request.org}` } as DiagnoseOutcome;
        },
        orgNames: () => [...orgs].reverse(),
        canSee: () => true,
        concurrency,
      },
      { orgs: '*', request: { fresh: false } },
    );
    expect(most).toBe(Math.min(concurrency, orgs.length));
    expect([...seen].sort()).toEqual(orgs);
    expect(result.runs.map((r) => r.org)).toEqual(orgs);
    expect(result.runs.map((r) => r.kind === 'error' && r.message)).toEqual(orgs.map((o) => `no verdict for ${o}`));
  });
});
