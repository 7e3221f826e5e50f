/**
 * The check form (from App Home or from /sr-check alone) runs a check only in a channel the submitting user is a
 * member of (Slack's users.conversations, cached briefly) and that the org is mapped to (issue 25 item 1). "Not a
 * member", "not mapped" and "no such org" read the same, so the form tells nobody which org is mapped where, and
 * nothing runs or is posted for any of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/sim';
import { CHECK_CALLBACK_ID } from '../../src/slack/blocks/check-modal';
import { type SlackHarness, startSlackHarness, viewSubmission } from '../support/slack-harness';
import { countingRunner, simulatedOrg } from './helpers';

const sims: RunningSimulator[] = [];
afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
});

/** The form's submission as Slack sends it: `metadata` is what the app put in the view, `channel` the picked one. */
function submission(user: string, org: string, channel: string | null, metadata = '{}') {
  const payload = viewSubmission({
    callbackId: CHECK_CALLBACK_ID,
    privateMetadata: metadata,
    values: { 'check-org': { value: org } },
    user,
  });
  (payload.view as Record<string, any>).state.values['check-channel'] = {
    value: { type: 'conversations_select', selected_conversation: channel },
  };
  return payload;
}

describe('the check form runs only where the submitting user is a member and the org is mapped', () => {
  let h: SlackHarness;
  const counter = countingRunner();
  beforeAll(async () => {
    const acme = await simulatedOrg('cc-no-role', 'acme', ['CACME']);
    const initech = await simulatedOrg('healthy', 'initech', ['CINITECH']);
    sims.push(acme.sim, initech.sim);
    h = await startSlackHarness({ orgs: [acme.org, initech.org], wrapRunner: counter.wrap });
  });
  afterAll(async () => {
    await h.close();
  });

  const refusal = (where: 'this' | 'that', org: string) => ({
    response_action: 'errors',
    errors: { 'check-org': `No org "${org}" is available in ${where} channel.` },
  });

  it('refuses a user who is in none of the channels, in the same words as an unknown org or an unmapped channel', async () => {
    h.fake.userChannels.U0OUTSIDE1 = ['CINITECH'];
    const runs = counter.runs;
    const posts = h.fake.callsOf('chat.postMessage').length;
    // Not a member of CACME (acme's channel): refused like an org that does not exist.
    const notMember = await h.action(submission('U0OUTSIDE1', 'acme', 'CACME'));
    const noSuchOrg = await h.action(submission('U0OUTSIDE1', 'nosuch', 'CACME'));
    const notMapped = await h.action(submission('U0OUTSIDE1', 'acme', 'CINITECH'));
    expect(notMember.json).toEqual(refusal('that', 'acme'));
    expect(noSuchOrg.json).toEqual(refusal('that', 'nosuch'));
    expect(notMapped.json).toEqual(refusal('that', 'acme'));
    // A submission whose metadata names acme's channel (the form as /sr-check opens it there) from a non-member.
    const viaMetadata = await h.action(submission('U0OUTSIDE1', 'acme', null, '{"channel":"CACME"}'));
    expect(viaMetadata.json).toEqual(refusal('this', 'acme'));
    expect(counter.runs).toBe(runs);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(posts);
  });

  it("runs for a member of the org's channel, asking Slack once for a burst of submissions", async () => {
    h.fake.userChannels.U0MEMBER01 = ['CACME'];
    const asked = () => h.fake.callsOf('users.conversations').filter((c) => c.args.user === 'U0MEMBER01').length;
    const refused = await h.action(submission('U0MEMBER01', 'initech', 'CACME'));
    expect(refused.json).toEqual(refusal('that', 'initech'));
    const ok = await h.action(submission('U0MEMBER01', 'acme', 'CACME'));
    expect(ok.text).toBe('');
    await h.fake.waitForCall((c) => c.method === 'chat.postMessage' && c.args.channel === 'CACME' && c.seq > ok.seq, {
      description: 'the verdict from the form',
    });
    expect(asked()).toBe(1);
  });
});

describe('the check form echoes no control characters (issue 25 item 8)', () => {
  it("an op with an escape sequence or a right-to-left override comes back stripped in the field's error", async () => {
    const acme = await simulatedOrg('cc-no-role', 'acme', ['CACME']);
    sims.push(acme.sim);
    const counter = countingRunner();
    const h = await startSlackHarness({ orgs: [acme.org], wrapRunner: counter.wrap });
    try {
      h.fake.userChannels.U0MEMBER03 = ['CACME'];
      for (const op of ['\u001b[2Jdelete\u001b]0;x\u0007', 'getUsers\u202efdp.exe', 'GET /api/v2/\u0000x\u009b31m']) {
        const payload = submission('U0MEMBER03', 'acme', 'CACME');
        (payload.view as Record<string, any>).state.values['check-op'] = {
          value: { type: 'plain_text_input', value: op },
        };
        const answer = await h.action(payload);
        expect(answer.json?.response_action, op).toBe('errors');
        const shown = Object.values(answer.json.errors as Record<string, string>).join('\n');
        expect(shown, JSON.stringify(shown)).not.toMatch(
          /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/,
        );
      }
      expect(counter.runs).toBe(0);
    } finally {
      await h.close();
    }
  });
});

describe('the check form when Slack does not say which channels the user is in', () => {
  it('refuses and runs nothing (an app installed without channels:read)', async () => {
    const acme = await simulatedOrg('cc-no-role', 'acme', ['CACME']);
    sims.push(acme.sim);
    const counter = countingRunner();
    const h = await startSlackHarness({
      orgs: [acme.org],
      wrapRunner: counter.wrap,
      missingScopes: { 'users.conversations': 'channels:read' },
    });
    try {
      h.fake.userChannels.U0MEMBER02 = ['CACME'];
      const answer = await h.action(submission('U0MEMBER02', 'acme', 'CACME'));
      expect(answer.json).toEqual({
        response_action: 'errors',
        errors: {
          'check-org': 'Slack did not confirm that you are in that channel, so nothing ran. Try again in a moment.',
        },
      });
      expect(counter.runs).toBe(0);
    } finally {
      await h.close();
    }
  });
});
