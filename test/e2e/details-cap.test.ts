/**
 * Each check keeps its Details (~100 KB) for 7 days: bounded per person (issue 25 item 9c). A person's oldest
 * Details are dropped first once they have more than the cap (count or bytes); a Details button of a dropped one
 * says so and what to do, and the verdict's other buttons keep working. Through the Slack app, SQLite store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite-store';
import { buttonClick, startSlackHarness } from '../support/slack-harness';
import { type Block, simulatedOrg, buttonsOf, type Button } from './helpers';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('stored Details are bounded per person', () => {
  it("a person's oldest Details are dropped beyond the cap; its button says so; the newest open; another person's are kept", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-check-details-cap-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = new SqliteStore({ path: join(dir, 'sr-check.db') });
    cleanups.push(() => store.close());
    const acme = await simulatedOrg('cc-no-role', 'acme', ['CACME']);
    cleanups.push(() => acme.sim.close());
    const h = await startSlackHarness({ orgs: [acme.org], store, detailsCap: { count: 2, bytes: 10_000_000 } });
    cleanups.push(() => h.close());

    const verdict = async (user: string) => {
      const ack = await h.command('org=acme', { channel: 'CACME', user });
      const post = await h.fake.waitForCall(
        (c) => c.method === 'chat.postMessage' && c.args.channel === 'CACME' && c.seq > ack.seq,
        { description: `the verdict for ${user}` },
      );
      return { post, details: buttonsOf(post.args.blocks as Block[]).find((b) => b.action_id === 'verdict:details')! };
    };
    const clickDetails = async (button: Button, ts: string) => {
      const responseUrl = h.fake.responseUrl();
      const click = buttonClick({ button, channel: 'CACME', message: { ts }, responseUrl });
      await h.action(click);
      const answer = await h.fake.waitForCall(
        (c) =>
          (c.method === 'views.open' && c.args.trigger_id === click.trigger_id) ||
          (c.kind === 'response_url' && c.args.path === new URL(responseUrl).pathname),
        { description: 'the details modal or a private reply' },
      );
      return answer.method === 'views.open' ? 'modal' : String(answer.args.text);
    };

    const otherFirst = await verdict('U0OTHER');
    const mine = [await verdict('U0BUSY'), await verdict('U0BUSY'), await verdict('U0BUSY')];

    const dropped = await clickDetails(mine[0]!.details, String(mine[0]!.post.response?.ts));
    expect(dropped).toMatch(/details of this verdict were dropped/i);
    expect(dropped).toMatch(/each person.s 2 most recent checks/i);
    expect(dropped).toMatch(/Re-run/);
    expect(await clickDetails(mine[1]!.details, String(mine[1]!.post.response?.ts))).toBe('modal');
    expect(await clickDetails(mine[2]!.details, String(mine[2]!.post.response?.ts))).toBe('modal');
    expect(await clickDetails(otherFirst.details, String(otherFirst.post.response?.ts))).toBe('modal');

    // The dropped verdict's Re-run still works: only its Details went.
    const rerun = buttonsOf(mine[0]!.post.args.blocks as Block[]).find((b) => b.action_id === 'rerun')!;
    await h.action(
      buttonClick({
        button: rerun,
        channel: 'CACME',
        message: { ts: '1700000009.000100' },
        responseUrl: h.fake.responseUrl(),
      }),
    );
    await h.fake.waitForCall((c) => c.method === 'chat.postMessage' && c.args.thread_ts === '1700000009.000100', {
      description: 're-run verdict in the thread',
    });
  }, 60_000);
});
