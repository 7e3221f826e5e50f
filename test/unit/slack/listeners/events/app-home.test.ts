/**
 * `app_home_opened`, called directly: only the Home tab is published, in the in-flight runner, to the viewer;
 * what each viewer sees is filtered to their orgs (approver) or their channels' orgs (everyone else), and
 * every failure is logged, never thrown. (Events are acked by Bolt itself: this listener has no ack.)
 */
import { describe, expect, it } from 'vitest';
import type { LastVerdict } from '../../../../../src/approvals/types';
import type { ListenerContext } from '../../../../../src/slack/listener-context';
import { appHomeOpened } from '../../../../../src/slack/listeners/events/app-home';
import { boltArgs, fakeContext, recorder } from '../fakes';

const verdict = (org: string, headline: string): LastVerdict => ({
  org,
  updatedAt: 1,
  summary: { overall: 'fail', headline, identity: { kind: 'oauth-client', id: 'c' }, checkedAt: 1 },
});
const LAST = [verdict('acme', 'ACME-HEADLINE'), verdict('initech', 'INITECH-HEADLINE')];

async function open(options: {
  tab?: string;
  approverOf?: string[];
  noStore?: boolean;
  memberOf?: string[];
  failing?: Record<string, Error>;
  storeDown?: boolean;
}) {
  const rec = recorder();
  const inFlight = {
    run: async (work: () => Promise<void>) => {
      rec.calls.push({ kind: 'slack', method: '(in flight)', args: {} });
      await work();
    },
  } as unknown as ListenerContext['inFlight'];
  const store = {
    lastVerdicts: async () => {
      if (options.storeDown) throw new Error('database is locked');
      return LAST;
    },
    listHistory: async () => [],
  } as unknown as ListenerContext['store'];
  const approvals = {
    service: {
      orgsApprovedBy: async () => options.approverOf ?? [],
      undecided: async () => [],
      auditLog: async () => [],
    },
  } as unknown as ListenerContext['approvals'];
  const ctx = fakeContext(rec, { inFlight, ...(options.noStore ? {} : { store, approvals }) });
  const { client } = boltArgs(rec, options.failing, {
    'users.conversations': { channels: (options.memberOf ?? ['CACME']).map((id) => ({ id })) },
  });
  const event = { type: 'app_home_opened', user: 'UVIEWER', tab: options.tab ?? 'home' };
  await appHomeOpened(ctx)({ event, client } as never);
  return rec;
}

const published = (rec: Awaited<ReturnType<typeof open>>) => {
  const call = rec.calls.find((c) => c.kind === 'slack' && c.method === 'views.publish');
  return call?.kind === 'slack' ? call.args : undefined;
};

describe('app home opened (listener)', () => {
  it('the Messages tab: nothing published, nothing run', async () => {
    const rec = await open({ tab: 'messages' });
    expect(rec.calls).toEqual([]);
  });

  it('without a store: the Home is still published to the viewer, in the in-flight runner', async () => {
    const rec = await open({ noStore: true });
    expect(rec.calls.map((c) => (c.kind === 'slack' ? c.method : c.kind))).toEqual(['(in flight)', 'views.publish']);
    expect(published(rec)).toMatchObject({ user_id: 'UVIEWER', view: { type: 'home' } });
    expect(JSON.stringify(published(rec))).toMatch(/Fixes with approval are not set up/);
  });

  it("not an approver: the last verdicts of the orgs mapped to the viewer's channels only", async () => {
    const rec = await open({});
    expect(rec.calls).toContainEqual(
      expect.objectContaining({ method: 'users.conversations', args: expect.objectContaining({ user: 'UVIEWER' }) }),
    );
    const view = JSON.stringify(published(rec));
    expect(view).toContain('ACME-HEADLINE');
    expect(view).not.toContain('INITECH-HEADLINE');
  });

  it('not an approver and in no mapped channel: no verdict shown', async () => {
    const rec = await open({ memberOf: ['COTHER'] });
    expect(JSON.stringify(published(rec))).not.toContain('HEADLINE');
  });

  it('an approver: their orgs only, without asking Slack for channels', async () => {
    const rec = await open({ approverOf: ['acme'] });
    const view = JSON.stringify(published(rec));
    expect(view).toContain('ACME-HEADLINE');
    expect(view).not.toContain('INITECH-HEADLINE');
    expect(rec.calls.some((c) => c.kind === 'slack' && c.method === 'users.conversations')).toBe(false);
  });

  it("Slack does not list the viewer's channels: logged, the Home published without verdicts", async () => {
    const rec = await open({ failing: { 'users.conversations': new Error('ratelimited') } });
    expect(rec.calls).toContainEqual({
      kind: 'log',
      level: 'warn',
      msg: 'could not list the channels of a Home tab viewer',
    });
    expect(JSON.stringify(published(rec))).not.toContain('HEADLINE');
  });

  it('the store fails, or Slack refuses the publish: logged, never thrown', async () => {
    const down = await open({ storeDown: true });
    expect(published(down)).toBeUndefined();
    expect(down.calls).toContainEqual({ kind: 'log', level: 'warn', msg: 'could not publish the Home tab' });
    const refused = await open({ failing: { 'views.publish': new Error('invalid_blocks') } });
    expect(refused.calls).toContainEqual({ kind: 'log', level: 'warn', msg: 'could not publish the Home tab' });
  });
});
