/**
 * Pasted errors end to end: signed `message` events into the app, replies captured by the fake Slack.
 * One threaded reply per message (retries, duplicate deliveries and edits included), its button runs the
 * full check against the simulator (cc-no-role) into the same thread, and nothing from a paste pings
 * anyone or echoes a credential.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeValue, RerunValueSchema } from '../../src/slack/button-values';
import type { RunningSimulator } from '../../src/sim';
import type { CapturedCall } from '../support/fake-slack';
import { BOT_ID, BOT_USER_ID, buttonClick, startSlackHarness, type SlackHarness } from '../support/slack-harness';
import { blockKitViolations } from '../support/block-kit-limits';
import { allTextFields, countingRunner, simulatedOrg, textObjects, type Block } from './helpers';
import { SEED_QUESTION } from '../support/folklore';

const CONVERSATION = '6a86e29b-4ad8-4cf1-98b7-11b3ee10bf28';
const TARGET_CLIENT = '09f08c5e-1262-478b-9a02-ada5263d5d40';
const CONTEXT_ID = '8f3c2b1a-1111-4222-8333-944455556666';
const TEMPLATE = '/api/v2/conversations/{conversationId}/recordings';

/** The ArchiveBridge archiver's 403, as someone pastes it: curl output naming the conversation and client. */
const pasted403 = (extraMessage = '') => `ArchiveBridge stopped archiving since yesterday, any idea?
\`\`\`$ curl -s https://api.mypurecloud.com/api/v2/conversations/${CONVERSATION}/recordings   # client_id=${TARGET_CLIENT}
{"message":"You are missing the following permission(s): [recording:screenRecording:view]${extraMessage}","code":"missing.permissions","status":403,"contextId":"${CONTEXT_ID}"}\`\`\``;

const LEAKED_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.LEAKCANARY-bearer-token.c2lnbmF0dXJl';

let sims: RunningSimulator[] = [];
let h: SlackHarness;
const counter = countingRunner();
let tsCounter = 1_700_100_000;
const nextTs = () => `${++tsCounter}.000100`;

beforeAll(async () => {
  const acme = await simulatedOrg('cc-no-role', 'acme', ['CACME']);
  const globex = await simulatedOrg('healthy', 'globex', ['CGLOBEX']);
  sims = [acme.sim, globex.sim];
  h = await startSlackHarness({ orgs: [acme.org, globex.org], allowedChannels: ['CSHARED'], wrapRunner: counter.wrap });
});
afterAll(async () => {
  await h.close();
  await Promise.all(sims.map((s) => s.close()));
});

function message(text: string, extra: Record<string, unknown> = {}) {
  const ts = (extra.ts as string | undefined) ?? nextTs();
  return {
    type: 'message',
    channel: 'CACME',
    channel_type: 'channel',
    user: 'UASKER1',
    text,
    ts,
    event_ts: ts,
    ...extra,
  };
}

const repliesIn = (channel: string, threadTs: string): CapturedCall[] =>
  h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === channel && c.args.thread_ts === threadTs);

const waitForReply = (channel: string, threadTs: string, description = 'the paste reply') =>
  h.fake.waitForCall(
    (c) => c.method === 'chat.postMessage' && c.args.channel === channel && c.args.thread_ts === threadTs,
    { description },
  );

/** A later paste's reply as a barrier: once it is posted, the earlier deliveries have long been handled. */
async function barrier(): Promise<void> {
  const event = message(pasted403());
  await h.event(event);
  await waitForReply('CACME', event.ts as string, 'the barrier reply');
}

type Button = { action_id: string; value: string; text: { text: string } };
const buttonsOf = (blocks: Block[]): Button[] =>
  blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements as Button[]);

describe('pasted Genesys 403 in a mapped channel', () => {
  it('gets exactly one threaded reply whose button runs the full check into the same thread', async () => {
    const event = message(pasted403());
    const sent = await h.event(event);
    expect(sent.status).toBe(200);
    const reply = await waitForReply('CACME', event.ts);
    expect(reply.authorized).toBe(true);
    expect(blockKitViolations(reply.args)).toEqual([]);
    const blocks = reply.args.blocks as Block[];
    const texts = allTextFields(blocks).join('\n');
    expect(texts).toContain('recording:screenRecording:view');
    expect(texts).toContain(TEMPLATE);
    expect(texts).toContain(CONTEXT_ID);
    expect(texts).toContain('missing.permissions');
    expect(texts).toMatch(/\*any one\* of/);
    expect(texts).toMatch(/Likely layer:\* role/);
    expect(texts).toMatch(/inferred from/);
    expect(String(reply.args.text)).toContain('Genesys 403');
    for (const t of textObjects(blocks).filter((o) => o.type === 'mrkdwn')) expect(t.verbatim).toBe(true);

    const [button] = buttonsOf(blocks);
    expect(button?.text.text).toBe('Run full check on acme');
    const value = decodeValue(RerunValueSchema, button!.value);
    expect(value).toBeDefined();
    expect(Object.keys(JSON.parse(button!.value))).toEqual(['r']);
    expect(button!.value.length).toBeLessThan(40);

    const runsBefore = counter.runs;
    const click = await h.action(
      buttonClick({
        button: button!,
        channel: 'CACME',
        message: { ts: '1700100999.000100', thread_ts: event.ts },
        responseUrl: h.fake.responseUrl(),
      }),
    );
    expect(click.status).toBe(200);
    const verdict = await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.thread_ts === event.ts && c.seq > reply.seq,
      { description: 'the verdict in the paste thread' },
    );
    expect(verdict.args.channel).toBe('CACME');
    const verdictBlocks = verdict.args.blocks as Block[];
    expect(verdictBlocks[0]!.text.text).toContain('ArchiveBridge Screen Archiver');
    expect(verdictBlocks[1]!.text.text).toContain('*FAIL*');
    // The operation the paste named, not the org's default set.
    expect(verdictBlocks[1]!.text.text).toContain(`GET ${TEMPLATE}`);
    expect(verdictBlocks[1]!.text.text).not.toContain('screensessions');
    expect(allTextFields(verdictBlocks).join('\n')).toMatch(/:x: \*role\* · FAIL/);
    expect(counter.runs - runsBefore).toBe(1);
    expect(repliesIn('CACME', event.ts)).toHaveLength(2);
  });

  it('answers a mention that carries a pasted 403 once, with the paste explanation (not a usage error)', async () => {
    const text = `<@${BOT_USER_ID}> ${pasted403()}`;
    const event = message(text);
    const threadCalls = () =>
      [...h.fake.callsOf('chat.postMessage'), ...h.fake.callsOf('chat.postEphemeral')].filter(
        (c) => c.args.channel === 'CACME' && c.args.thread_ts === event.ts,
      );
    // Slack delivers both: the channel message and the app_mention for it.
    await h.event(event);
    await h.event({ type: 'app_mention', channel: 'CACME', user: 'UASKER1', text, ts: event.ts, event_ts: event.ts });
    const reply = await waitForReply('CACME', event.ts);
    await barrier();
    expect(threadCalls().map((c) => c.method)).toEqual(['chat.postMessage']);
    expect(allTextFields(reply.args.blocks).join('\n')).toContain('recording:screenRecording:view');
  });

  it("answers the seed question (a mention in a mapped channel): every false premise with the real name and place, the org's roles, and one button per real operation", async () => {
    const text = `<@${BOT_USER_ID}> ${SEED_QUESTION}`;
    const event = message(text);
    await h.event(event);
    await h.event({ type: 'app_mention', channel: 'CACME', user: 'UASKER1', text, ts: event.ts, event_ts: event.ts });
    const reply = await waitForReply('CACME', event.ts);
    expect(blockKitViolations(reply.args)).toEqual([]);
    const shown = allTextFields(reply.args.blocks).join('\n');
    for (const pattern of [
      /Not a Genesys Cloud API operation:\* `POST \/api\/v2\/interaction\/screenrecordings`/,
      /`screen_recording:write`: No such Genesys scope: .*The real scope is recordings\./,
      /`screen_recording:read`: No such Genesys scope/,
      /not from scopes in the token request/,
      // Looked up in acme's roles (the cc-no-role scenario): no such role, and the roles that carry what the call needs.
      /`Screen Recording Admin`: .*No role named "Screen Recording Admin" exists in acme\. These roles of acme carry the needed permissions: /,
      /`Agent Desktop Administrator`: .*No role named "Agent Desktop Administrator" exists in acme/,
      /Admin &gt; Integrations &gt; OAuth &gt; the client &gt; Roles/,
      /`the old token will not inherit the new role`: Genesys does not document/,
      /`a delay in permission propagation`: Genesys documents up to five minutes/,
    ])
      expect(shown).toMatch(pattern);
    const actions = (reply.args.blocks as Block[]).filter((b) => b.type === 'actions');
    const suggestionButtons = actions.flatMap((b) =>
      b.block_id === 'paste-suggestions'
        ? (b.elements as Array<{ action_id: string; text: { text: string }; value: string }>)
        : [],
    );
    expect(suggestionButtons.map((b) => b.text.text)).toEqual(
      expect.arrayContaining([
        'Check GET …/conversations/{conversationId}/recordings',
        'Check PUT …/conversations/{conversationId}/recordings/{recordingId}',
        'Check GET …/recordings/screensessions/details',
      ]),
    );
    // A suggestion's button runs the check with that op= into the thread.
    const retention = suggestionButtons.find((b) => b.text.text.startsWith('Check PUT'))!;
    const click = await h.action(
      buttonClick({
        button: retention,
        channel: 'CACME',
        message: { ts: '1700100998.000100', thread_ts: event.ts },
        responseUrl: h.fake.responseUrl(),
      }),
    );
    expect(click.status).toBe(200);
    const verdict = await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.thread_ts === event.ts && c.seq > reply.seq,
      {
        description: 'the verdict for the suggested operation',
      },
    );
    const verdictText = allTextFields(verdict.args.blocks as Block[]).join('\n');
    expect(verdictText).toContain('PUT /api/v2/conversations/{conversationId}/recordings/{recordingId}');
    expect(verdictText).not.toContain('interaction/screenrecordings');
  });

  it('leaves a mention that is a command to the mention listener', async () => {
    const text = `<@${BOT_USER_ID}> org=acme`;
    const event = message(text);
    await h.event(event);
    await barrier();
    expect(h.fake.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === event.ts)).toHaveLength(0);
  });

  it('still explains a paste that mentions the app in a DM (Slack sends no app_mention there)', async () => {
    const event = message(`<@${BOT_USER_ID}> ${pasted403()}`, { channel: 'DASKER2', channel_type: 'im' });
    await h.event(event);
    const reply = await waitForReply('DASKER2', event.ts);
    expect(allTextFields(reply.args.blocks).join('\n')).toContain('recording:screenRecording:view');
  });

  it('answers inside the thread the paste was posted in', async () => {
    const event = message(pasted403(), { thread_ts: '1700100001.000900' });
    await h.event(event);
    const reply = await waitForReply('CACME', '1700100001.000900');
    expect(allTextFields(reply.args.blocks).join('\n')).toContain('recording:screenRecording:view');
  });

  it('never replies twice: Slack retries, the same message under another event id, and edits', async () => {
    const event = message(pasted403());
    const first = await h.event(event);
    await h.event(event, { eventId: first.eventId, retryNum: 1 });
    await h.event(event);
    await waitForReply('CACME', event.ts);
    const edit = {
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel: 'CACME',
      channel_type: 'channel',
      ts: nextTs(),
      event_ts: `${tsCounter}.000100`,
      message: {
        type: 'message',
        user: 'UASKER1',
        text: `${event.text}\n(edited: still failing)`,
        ts: event.ts,
        edited: { user: 'UASKER1', ts: `${tsCounter}.000100` },
      },
      previous_message: { type: 'message', user: 'UASKER1', text: event.text, ts: event.ts },
    };
    await h.event(edit);
    await barrier();
    expect(repliesIn('CACME', event.ts)).toHaveLength(1);
  });

  it('answers an edit that turns a message into a paste once, keyed on the original message', async () => {
    const original = message('hmm, the archiver broke again, pasting the error in a sec');
    await h.event(original);
    const editOf = (text: string, previous: string) => {
      const ts = nextTs();
      return {
        type: 'message',
        subtype: 'message_changed',
        channel: 'CACME',
        channel_type: 'channel',
        ts,
        event_ts: ts,
        message: { type: 'message', user: 'UASKER1', text, ts: original.ts, edited: { user: 'UASKER1', ts } },
        previous_message: { type: 'message', user: 'UASKER1', text: previous, ts: original.ts },
      };
    };
    await h.event(editOf(pasted403(), original.text));
    await waitForReply('CACME', original.ts, 'the reply to the edited message');
    await h.event(editOf(`${pasted403()} (again)`, pasted403()));
    await barrier();
    expect(repliesIn('CACME', original.ts)).toHaveLength(1);
  });

  it('ignores bots, the app itself and other subtypes', async () => {
    const quiet = [
      message(pasted403(), { bot_id: 'BOTHER', subtype: 'bot_message', user: undefined, username: 'alerts' }),
      message(pasted403(), { bot_id: 'BOTHER' }),
      message(pasted403(), { user: BOT_USER_ID, bot_id: BOT_ID }),
      message(pasted403(), { user: BOT_USER_ID }),
      message(pasted403(), { subtype: 'channel_topic' }),
      message(pasted403(), { subtype: 'channel_join' }),
    ];
    for (const event of quiet) await h.event(event);
    await barrier();
    for (const event of quiet) expect(repliesIn('CACME', event.ts)).toHaveLength(0);
  });

  it("says nothing in an unmapped channel, to other vendors' 403s or to chat about 403s", async () => {
    const quiet = [
      message(pasted403(), { channel: 'CRANDOM' }),
      message(`Authorization: Bearer ${LEAKED_TOKEN}`, { channel: 'CRANDOM' }),
      message(
        'An error occurred (AccessDenied) when calling the GetObject operation: Access Denied (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied)',
      ),
      message('anyone else seeing 403s today?'),
      message('the 403 on the recordings API is fixed now, thanks Genesys team'),
    ];
    for (const event of quiet) await h.event(event);
    await barrier();
    for (const event of quiet) expect(repliesIn(event.channel, event.ts)).toHaveLength(0);
  });

  it('answers another Genesys status only when the message asks, with one line', async () => {
    const body401 =
      '```> GET /api/v2/tokens/me HTTP/1.1\n> Host: api.mypurecloud.com\n< HTTP/1.1 401 Unauthorized\n{"message":"Authentication required to access this resource","code":"authentication.required","status":401}```';
    const silent = message(body401);
    const asking = message(`why does this fail? ${body401}`);
    await h.event(silent);
    await h.event(asking);
    const hint = await waitForReply('CACME', asking.ts, 'the 401 hint');
    expect(blockKitViolations(hint.args)).toEqual([]);
    expect(hint.args.blocks as Block[]).toHaveLength(1);
    expect(String(hint.args.text)).toMatch(/^Genesys 401 authentication\.required: .*not a permission problem/);
    await barrier();
    expect(repliesIn('CACME', silent.ts)).toHaveLength(0);
  });

  it('flags a pasted bearer token without ever echoing it, in error pastes and in plain messages', async () => {
    const inError = message(`${pasted403()}\nrequest had Authorization: Bearer ${LEAKED_TOKEN}`);
    const plain = message(
      `try this: curl -H "Authorization: Bearer ${LEAKED_TOKEN}" https://api.mypurecloud.com/api/v2/users/me`,
    );
    await h.event(inError);
    await h.event(plain);
    const errorReply = await waitForReply('CACME', inError.ts);
    const warning = await waitForReply('CACME', plain.ts, 'the credential warning');
    expect(allTextFields(errorReply.args.blocks).join('\n')).toMatch(
      /A credential was pasted\* — a bearer token \(line \d+\)\. Treat it as exposed: rotate it/,
    );
    expect(String(errorReply.args.text)).toContain('rotate it');
    expect(String(warning.args.text)).toContain('rotate it');
    expect(blockKitViolations(warning.args)).toEqual([]);
    await barrier();
    expect(repliesIn('CACME', plain.ts)).toHaveLength(1);
    const everything = JSON.stringify(h.fake.calls);
    expect(everything).not.toContain('LEAKCANARY-bearer');
    expect(everything).not.toContain(LEAKED_TOKEN);
  });

  it('escapes broadcast mentions and markup from the paste', async () => {
    const event = message(pasted403(' <!channel> <!here> <@U0ADMIN> @everyone *bold*'));
    await h.event(event);
    const reply = await waitForReply('CACME', event.ts);
    const everything = JSON.stringify(reply.args);
    expect(everything).not.toMatch(/<!channel>|<!here>|<@U0ADMIN>/);
    expect(everything).not.toMatch(/@everyone/);
    expect(allTextFields(reply.args.blocks).join('\n')).toContain('&lt;!channel&gt;');
    for (const t of textObjects(reply.args.blocks).filter((o) => o.type === 'mrkdwn')) expect(t.verbatim).toBe(true);
  });
});

describe('which org a paste is about', () => {
  it('asks for org= when several orgs could apply, listing only the orgs of that channel', async () => {
    const event = message(pasted403(), { channel: 'CSHARED' });
    await h.event(event);
    const reply = await waitForReply('CSHARED', event.ts);
    const blocks = reply.args.blocks as Block[];
    expect(buttonsOf(blocks)).toEqual([]);
    const texts = allTextFields(blocks).join('\n');
    expect(texts).toContain("I can't tell which org this paste is from (orgs here: `acme`, `globex`)");
    expect(texts).toContain(
      `/sr-check org=&lt;name&gt; client=${TARGET_CLIENT} interaction=${CONVERSATION} op="GET /api/v2/conversations/${CONVERSATION}/recordings"`,
    );
  });

  it('explains a paste in a DM without naming any org when no org is mapped to the DM', async () => {
    const event = message(pasted403(), { channel: 'DASKER1', channel_type: 'im' });
    await h.event(event);
    const reply = await waitForReply('DASKER1', event.ts);
    const blocks = reply.args.blocks as Block[];
    expect(buttonsOf(blocks)).toEqual([]);
    const texts = allTextFields(blocks).join('\n');
    expect(texts).toContain('recording:screenRecording:view');
    expect(texts).toContain('in a channel mapped to the org');
    expect(texts).not.toMatch(/acme|globex/);
  });
});

describe('reports as people write them (issue 12)', () => {
  it('answers prose that names Genesys and a path briefly (medium confidence), with the button and what the poster says they have', async () => {
    const event = message(
      `Our Genesys Cloud sync gets 403 Forbidden when calling GET /api/v2/conversations/${CONVERSATION}/recordings, even though the client has the recordings:readonly scope.`,
    );
    await h.event(event);
    const reply = await waitForReply('CACME', event.ts);
    expect(blockKitViolations(reply.args)).toEqual([]);
    const blocks = reply.args.blocks as Block[];
    const texts = allTextFields(blocks).join('\n');
    expect(texts).toContain('This reads like a Genesys Cloud 403 Forbidden');
    expect(texts).toMatch(
      /You say the app has scope recordings:readonly, which covers GET \/api\/v2\/conversations\/\{conversationId\}\/recordings/,
    );
    expect(texts).toContain('medium confidence');
    // Brief: no catalog section; the full check settles it.
    expect(blocks.some((b) => b.block_id === 'paste-needs')).toBe(false);
    expect(buttonsOf(blocks)[0]?.text.text).toBe('Run full check on acme');
  });

  it('explains a 403 on POST /oauth/token as the login layer, saying the reference is silent on why', async () => {
    const event = message(
      'POST https://login.mypurecloud.com/oauth/token returns 403 Forbidden for our client credentials app since this morning',
    );
    await h.event(event);
    const reply = await waitForReply('CACME', event.ts);
    const texts = allTextFields(reply.args.blocks).join('\n');
    expect(texts).toContain('`POST https://login.mypurecloud.com/oauth/token`');
    expect(texts).toMatch(/Likely layer:\* login — POST \/oauth\/token is the login layer/);
    expect(texts).toMatch(/unconfirmed/);
  });

  it('flags Basic credentials without an Authorization header, token: and client_secret= in a report, never echoing them', async () => {
    const basic = Buffer.from('3b5f7a9c-1d2e-4f60-8a1b-2c3d4e5f6a7b:LEAKCANARYbasicSecret').toString('base64');
    const event = message(
      `Genesys Cloud 403 on GET https://api.mypurecloud.com/api/v2/routing/queues\ncurl -H "Basic ${basic}" ...\ntoken: LEAKCANARYtokenValue0123456789\nclient_secret=LEAKCANARYclientSecret`,
    );
    await h.event(event);
    const reply = await waitForReply('CACME', event.ts);
    const texts = allTextFields(reply.args.blocks).join('\n');
    expect(texts).toMatch(
      /A credential was pasted\* — Basic auth credentials \(line 2\), an access token \(line 3\) and a client secret \(line 4\)/,
    );
    const everything = JSON.stringify(h.fake.calls);
    expect(everything).not.toContain('LEAKCANARY');
    expect(everything).not.toContain(basic);
  });

  it("says nothing to tutorials, hypotheticals, code with a 403 branch, counts, and other vendors' /api/v2 403s", async () => {
    const quiet = [
      message(
        'A 403 from Genesys Cloud usually means the OAuth client lacks a role; for example GET /api/v2/routing/queues needs routing:queue:view.',
      ),
      message(
        'Would GET /api/v2/routing/queues on Genesys Cloud return 403 if the client has only the routing:readonly scope?',
      ),
      message(
        '```js\nif (res.status === 403) { await refreshRoles(); } // GET https://api.mypurecloud.com/api/v2/routing/queues\n```',
      ),
      message(
        'sync finished: 403 records imported from GET https://api.mypurecloud.com/api/v2/analytics/conversations/details/query',
      ),
      message('Zendesk keeps giving 403 on GET /api/v2/tickets/4411/comments for the light agent account'),
    ];
    for (const event of quiet) await h.event(event);
    await barrier();
    for (const event of quiet) expect(repliesIn('CACME', event.ts)).toHaveLength(0);
  });
});

describe("a support channel's own words (issue 22)", () => {
  /** A report as people write it where the channel exists for Genesys: no product name, no body. */
  const ownWords = 'PATCH /api/v2/users/{userId} returns Forbidden when we sync job titles';

  it('gets the brief reply in a channel mapped to an org, leading with the one thing to do, then the button', async () => {
    const event = message(ownWords);
    await h.event(event);
    const reply = await waitForReply('CACME', event.ts);
    expect(blockKitViolations(reply.args)).toEqual([]);
    const blocks = reply.args.blocks as Block[];
    const texts = allTextFields(blocks).join('\n');
    expect(texts).toContain('This reads like a Genesys Cloud 403 Forbidden');
    expect(texts).toContain(
      '*Do this:* `PATCH /api/v2/users/{userId}` needs any one of `admin`, `directory:user:edit` and 1 more (below): grant a role that carries one.',
    );
    expect(texts).toContain('medium confidence');
    const firstButton = blocks.findIndex((b) => b.type === 'actions');
    expect(allTextFields(blocks.slice(0, firstButton)).join('\n').split('\n').length).toBeLessThanOrEqual(4);
    expect(buttonsOf(blocks)[0]?.text.text).toBe('Run full check on acme');
  });

  it('says nothing to the same text in an unmapped channel or a DM', async () => {
    const quiet = [
      message(ownWords, { channel: 'CRANDOM' }),
      message(ownWords, { channel: 'DASKER1', channel_type: 'im' }),
    ];
    for (const event of quiet) await h.event(event);
    await barrier();
    for (const event of quiet) expect(repliesIn(event.channel as string, event.ts as string)).toHaveLength(0);
  });

  it('answers the same text when asked with the "Explain this 403" shortcut in the unmapped channel', async () => {
    const responseUrl = h.fake.responseUrl();
    await h.action({
      type: 'message_action',
      callback_id: 'explain_403',
      trigger_id: '1337.42.abce',
      team: { id: 'TFAKE', domain: 'fake' },
      user: { id: 'USHORTCUT1', username: 'asker', team_id: 'TFAKE' },
      channel: { id: 'CRANDOM', name: 'general' },
      message: { type: 'message', user: 'UPOSTER1', ts: nextTs(), text: ownWords },
      response_url: responseUrl,
      message_ts: '1',
      token: 'deprecated-verification-token',
    });
    const answer = await h.fake.waitForCall(
      (c) => c.method === 'response_url' && c.args.path === new URL(responseUrl).pathname,
      { description: 'the shortcut answer' },
    );
    expect(answer.args.response_type).toBe('ephemeral');
    const texts = allTextFields(answer.args.blocks).join('\n');
    expect(texts).toContain('This reads like a Genesys Cloud 403 Forbidden');
    expect(texts).toContain('`PATCH /api/v2/users/{userId}`');
  });
});

describe('the "Explain this 403" message shortcut', () => {
  const shortcut = (text: string, channel: string, responseUrl: string, extra: Record<string, unknown> = {}) => ({
    type: 'message_action',
    callback_id: 'explain_403',
    trigger_id: '1337.42.abcd',
    team: { id: 'TFAKE', domain: 'fake' },
    user: { id: 'USHORTCUT1', username: 'asker', team_id: 'TFAKE' },
    channel: { id: channel, name: 'general' },
    message: { type: 'message', user: 'UPOSTER1', ts: nextTs(), text },
    response_url: responseUrl,
    message_ts: '1',
    token: 'deprecated-verification-token',
    ...extra,
  });
  const answerAt = (responseUrl: string) =>
    h.fake.waitForCall((c) => c.method === 'response_url' && c.args.path === new URL(responseUrl).pathname, {
      description: 'the shortcut answer',
    });

  it('answers ephemerally in a channel no org is mapped to, with the same explanation, and posts nothing in the channel', async () => {
    const responseUrl = h.fake.responseUrl();
    const postsBefore = h.fake.callsOf('chat.postMessage').length;
    const sent = await h.action(shortcut(pasted403(), 'CRANDOM', responseUrl));
    expect(sent.status).toBe(200);
    const answer = await answerAt(responseUrl);
    expect(answer.args.response_type).toBe('ephemeral');
    expect(answer.args.replace_original).toBe(false);
    expect(blockKitViolations(answer.args)).toEqual([]);
    const texts = allTextFields(answer.args.blocks).join('\n');
    expect(texts).toContain('recording:screenRecording:view');
    expect(texts).toContain(TEMPLATE);
    expect(texts).toContain(CONTEXT_ID);
    // No org here: it says how to run the check rather than offering a button.
    expect(buttonsOf(answer.args.blocks as Block[])).toEqual([]);
    expect(texts).toContain("I can't tell which org this paste is from");
    expect(h.fake.callsOf('chat.postMessage').length).toBe(postsBefore);
    expect(h.fake.callsOf('chat.postEphemeral').filter((c) => c.args.channel === 'CRANDOM')).toHaveLength(0);
  });

  it('offers the full-check button in a channel mapped to one org', async () => {
    const responseUrl = h.fake.responseUrl();
    await h.action(shortcut(pasted403(), 'CACME', responseUrl));
    const answer = await answerAt(responseUrl);
    expect(answer.args.response_type).toBe('ephemeral');
    expect(buttonsOf(answer.args.blocks as Block[])[0]?.text.text).toBe('Run full check on acme');
  });

  it('says plainly when the message holds no Genesys 403, and warns about a pasted credential without echoing it', async () => {
    const plainUrl = h.fake.responseUrl();
    await h.action(shortcut('lunch? :pizza:', 'CRANDOM', plainUrl));
    const plain = await answerAt(plainUrl);
    expect(plain.args.response_type).toBe('ephemeral');
    expect(String(plain.args.text)).toMatch(/^I found no Genesys Cloud 403 in that message/);

    const secretUrl = h.fake.responseUrl();
    await h.action(
      shortcut(`try: curl -H "Authorization: Bearer ${LEAKED_TOKEN}" https://example.org/x`, 'CRANDOM', secretUrl),
    );
    const warned = await answerAt(secretUrl);
    expect(String(warned.args.text)).toContain('rotate it');
    expect(JSON.stringify(h.fake.calls)).not.toContain(LEAKED_TOKEN);
  });

  it('answers a bad payload clearly and changes nothing; an unsigned shortcut is refused', async () => {
    const responseUrl = h.fake.responseUrl();
    const postsBefore = h.fake.callsOf('chat.postMessage').length;
    await h.action(shortcut(pasted403(), 'not-a-channel', responseUrl));
    const answer = await answerAt(responseUrl);
    expect(String(answer.args.text)).toBe('sr-check could not read that message.');
    const unsigned = await h.action(shortcut(pasted403(), 'CRANDOM', h.fake.responseUrl()), { unsigned: true });
    expect(unsigned.status).toBe(401);
    expect(h.fake.callsOf('chat.postMessage').length).toBe(postsBefore);
  });
});
