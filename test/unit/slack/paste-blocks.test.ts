import { describe, expect, it } from 'vitest';
import type { PasteFinding } from '../../../src/paste';
import {
  describeSecrets,
  renderPasteReply,
  renderSecretWarning,
  renderStatusHint,
} from '../../../src/slack/blocks/paste';
import { allTextFields, textObjects } from '../../e2e/helpers';
import { blockKitViolations } from '../../support/block-kit-limits';
import { unsafeParts } from '../../support/verdict-fixtures';

const finding: PasteFinding = {
  status: 403,
  code: 'missing.permissions',
  message: 'You are missing the following permission(s): [recording:screenRecording:view]',
  missingPermissions: ['recording:screenRecording:view'],
  held: [],
  divisions: [],
  method: 'GET',
  path: '/api/v2/conversations/abc/recordings',
  operation: {
    method: 'GET',
    template: '/api/v2/conversations/{conversationId}/recordings',
    operationId: 'getConversationRecordings',
    mode: 'any',
    permissions: ['recording:recording:view', 'recording:screenRecording:view'],
    scope: {
      scope: 'recordings',
      acceptsReadonly: true,
      accepted: ['recordings', 'recordings:readonly'],
      inferredFrom: 'API group RecordingApi',
    },
  },
  contextId: 'ctx-1',
  source: 'json',
  likelyLayer: 'role',
  layerReason: 'Genesys names missing permission(s)',
  secrets: [],
  confidence: 'high',
  evidence: 'genesys-body',
  premises: [],
};

const button = { kind: 'button', org: 'acme', requestId: 'AbCdEfGh12' } as const;
const hostile = '<!channel> <!here> <@U0ADMIN> <!subteam^S1> @everyone & <https://evil.example|click> `code` *b*';

describe('renderPasteReply', () => {
  it('says what the error says, what the endpoint needs (any/all, inferred scope), the layer, with a Re-run-style button', () => {
    const message = renderPasteReply(finding, button);
    expect(blockKitViolations(message)).toEqual([]);
    const text = allTextFields(message.blocks).join('\n');
    expect(text).toContain('*Permissions named by the error* (missing): `recording:screenRecording:view`');
    expect(text).toContain('`GET /api/v2/conversations/abc/recordings`');
    expect(text).toContain(
      '`GET /api/v2/conversations/{conversationId}/recordings` (getConversationRecordings) needs *any one* of',
    );
    expect(text).toContain('`recordings` or `recordings:readonly` — inferred from API group RecordingApi');
    expect(text).toContain('*contextId:* `ctx-1`');
    expect(text).toContain('*Likely layer:* role');
    const actions = message.blocks.find((b) => b.type === 'actions') as { elements: Array<Record<string, any>> };
    expect(actions.elements).toEqual([
      expect.objectContaining({
        type: 'button',
        action_id: 'rerun',
        value: '{"r":"AbCdEfGh12"}',
        text: expect.objectContaining({ text: 'Run full check on acme' }),
      }),
    ]);
    expect(message.text).toBe(
      'Genesys 403 missing.permissions on GET /api/v2/conversations/abc/recordings missing recording:screenRecording:view',
    );
  });

  it('says "all of" for all-mode operations and no scope line without one', () => {
    const all = renderPasteReply(
      { ...finding, operation: { ...finding.operation!, mode: 'all', scope: undefined } },
      button,
    );
    const text = allTextFields(all.blocks).join('\n');
    expect(text).toContain('needs *all* of');
    expect(text).not.toContain('OAuth scope');
  });

  it('escapes everything from the paste and keeps mrkdwn verbatim', () => {
    const message = renderPasteReply(
      {
        ...finding,
        code: hostile,
        message: hostile,
        missingPermissions: [hostile],
        divisions: [hostile],
        path: hostile,
        contextId: hostile,
        clientId: hostile,
        layerReason: hostile,
      },
      { kind: 'ask', orgsHere: ['acme'], isDm: false, suggestion: { op: `GET ${hostile}` } },
    );
    expect(blockKitViolations(message)).toEqual([]);
    for (const t of textObjects(message.blocks)) {
      // A `>` opening a line is our own block-quote markup around the pasted message.
      expect(unsafeParts((t.text as string).replace(/^>/gm, ''))).toEqual([]);
      if (t.type === 'mrkdwn') expect(t.verbatim).toBe(true);
    }
    const json = JSON.stringify(message);
    expect(json).not.toMatch(/<!channel>|<!here>|<@U0ADMIN>|<!subteam|<https:/);
    expect(unsafeParts(message.text)).toEqual([]);
  });

  it('stays within Block Kit limits for an enormous paste', () => {
    const many = Array.from({ length: 500 }, (_, i) => `domain${i}:entity${'x'.repeat(200)}:action`);
    const message = renderPasteReply(
      {
        ...finding,
        message: 'm'.repeat(50_000),
        missingPermissions: many,
        divisions: many,
        path: `/api/v2/${'p'.repeat(5000)}`,
        operation: { ...finding.operation!, permissions: many },
        layerReason: 'r'.repeat(10_000),
        secrets: Array.from({ length: 20 }, (_, i) => ({ kind: 'bearer-token' as const, line: i + 1 })),
      },
      { kind: 'ask', orgsHere: many, isDm: false, suggestion: { op: `GET /api/v2/${'q'.repeat(280)}` } },
    );
    expect(blockKitViolations(message)).toEqual([]);
    expect(allTextFields(message.blocks).join('\n')).toContain('and 488 more');
  });

  it('asks in a DM without naming orgs, and in a channel with the orgs here', () => {
    const dm = allTextFields(
      renderPasteReply(finding, { kind: 'ask', orgsHere: [], isDm: true, suggestion: { op: 'GET /api/v2/x' } }).blocks,
    ).join('\n');
    expect(dm).toContain('run `/sr-check org=&lt;name&gt; op="GET /api/v2/x"` in a channel mapped to the org');
    const channel = allTextFields(
      renderPasteReply(finding, { kind: 'ask', orgsHere: ['a', 'b'], isDm: false, suggestion: {} }).blocks,
    ).join('\n');
    expect(channel).toContain(
      "I can't tell which org this paste is from (orgs here: `a`, `b`). Run `/sr-check org=&lt;name&gt;`.",
    );
  });

  it('adds the rotate warning (kinds and lines only) to the reply and its fallback', () => {
    const message = renderPasteReply(
      {
        ...finding,
        secrets: [
          { kind: 'bearer-token', line: 3 },
          { kind: 'client-secret', line: 5 },
        ],
      },
      button,
    );
    expect(allTextFields(message.blocks).join('\n')).toContain(
      '*A credential was pasted* — a bearer token (line 3) and a client secret (line 5). Treat it as exposed: rotate it now',
    );
    expect(message.text).toMatch(/rotate it and delete the message\.$/);
  });
});

describe('hints and warnings', () => {
  it('renders the status hint as one section, escaped, with the warning when a secret was pasted', () => {
    const hint = renderStatusHint(401, 'authentication.required', `token <!channel> refused`, []);
    expect(blockKitViolations(hint)).toEqual([]);
    expect(hint.blocks).toHaveLength(1);
    expect(JSON.stringify(hint)).not.toContain('<!channel>');
    const withSecret = renderStatusHint(401, undefined, 'x', [{ kind: 'password', line: 1 }]);
    expect(withSecret.blocks).toHaveLength(2);
    expect(withSecret.text).toContain('rotate');
  });

  it('describes sightings by kind and line', () => {
    expect(
      describeSecrets([
        { kind: 'curl -u', line: 1 },
        { kind: 'curl -u', line: 4 },
        { kind: 'slack-token', line: 2 },
      ]),
    ).toBe('a password in curl -u (lines 1, 4) and a Slack token (line 2)');
    const warning = renderSecretWarning([{ kind: 'basic-auth', line: 2 }]);
    expect(blockKitViolations(warning)).toEqual([]);
    expect(warning.text).toBe('A credential was pasted: rotate it and delete the message.');
  });
});

describe('renderPasteReply by confidence', () => {
  const target = { kind: 'button' as const, org: 'acme', requestId: 'r1' };
  it('medium: a brief reply (no catalog or premise sections), what the poster has, and the button', () => {
    const medium: PasteFinding = {
      ...finding,
      confidence: 'medium',
      held: ['recording:screenRecording:view', 'recordings:readonly'],
    };
    const reply = renderPasteReply(medium, target);
    expect(blockKitViolations(reply)).toEqual([]);
    const ids = reply.blocks.map((b) => (b as { block_id?: string }).block_id);
    expect(ids).not.toContain('paste-needs');
    expect(ids).toContain('paste-held');
    expect(ids).toContain('paste-actions');
    const texts = allTextFields(reply.blocks).join('\n');
    expect(texts).toContain('This reads like a Genesys Cloud 403 Forbidden');
    expect(texts).toMatch(
      /You say the identity already has recording:screenRecording:view, but Genesys names recording:screenRecording:view as missing/,
    );
  });

  it('high: the full reply with the catalog section', () => {
    const reply = renderPasteReply({ ...finding, confidence: 'high' }, target);
    expect(reply.blocks.map((b) => (b as { block_id?: string }).block_id)).toContain('paste-needs');
    expect(allTextFields(reply.blocks).join('\n')).toContain('Genesys Cloud answered 403 Forbidden');
  });
});

describe('the reply people read (issue 22)', () => {
  const target = { kind: 'button' as const, org: 'acme', requestId: 'r1' };
  /** Lines of text in the blocks above the first actions block. */
  const linesBeforeButton = (blocks: Array<Record<string, any>>): string[] => {
    const first = blocks.findIndex((b) => b.type === 'actions');
    return allTextFields(blocks.slice(0, first) as never)
      .join('\n')
      .split('\n');
  };
  const nine = Array.from({ length: 9 }, (_, i) => `recording:perm${i}:view`);

  it('leads with the one thing to do, and a long any-of list goes below the button', () => {
    const reply = renderPasteReply(
      {
        ...finding,
        code: 'missing.any.permissions',
        message: undefined,
        missingPermissions: nine,
        operation: { ...finding.operation!, permissions: nine },
      },
      target,
    );
    expect(blockKitViolations(reply)).toEqual([]);
    const lead = linesBeforeButton(reply.blocks as never);
    expect(lead.length).toBeLessThanOrEqual(4);
    expect(lead[1]).toBe(
      ':point_right: *Do this:* needs any one of `recording:perm0:view`, `recording:perm1:view` and 7 more (below): grant a role that carries one.',
    );
    expect(lead.join('\n')).not.toContain('recording:perm8:view');
    expect(allTextFields(reply.blocks).join('\n')).toContain('`recording:perm8:view`');
  });

  it('says "grant a role that carries it" for one missing permission, as the verdict does', () => {
    const lead = linesBeforeButton(renderPasteReply(finding, target).blocks as never);
    expect(lead[1]).toBe(
      ':point_right: *Do this:* needs `recording:screenRecording:view`: grant a role that carries it.',
    );
  });

  it('keeps four lines before the button with a credential, a 401 and premises, pushing the rest below', () => {
    const reply = renderPasteReply(
      {
        ...finding,
        also401: true,
        secrets: [{ kind: 'bearer-token', line: 1 }],
        premises: [{ kind: 'scope', said: 'recording:read', answer: 'No such Genesys scope.' }],
      },
      target,
    );
    const lead = linesBeforeButton(reply.blocks as never);
    expect(lead).toHaveLength(4);
    expect(lead[3]).toContain('A credential was pasted');
    const text = allTextFields(reply.blocks).join('\n');
    expect(text).toContain('*The 401 in the same message* is a login or credentials problem');
  });

  it('names the 401 as a login problem in one line when there is room', () => {
    const lead = linesBeforeButton(renderPasteReply({ ...finding, also401: true }, target).blocks as never);
    expect(lead[3]).toContain('*The 401 in the same message* is a login or credentials problem');
  });

  it('a call that is no operation leads with the nearest real one; the list is below', () => {
    const nearest = finding.operation!;
    const reply = renderPasteReply(
      {
        ...finding,
        confidence: 'medium',
        operation: undefined,
        missingPermissions: [],
        code: undefined,
        path: '/api/v2/recording/screenrecordings/{id}',
        notAnOperation: { method: 'GET', path: '/api/v2/recording/screenrecordings/{id}', nearest: [nearest] },
      },
      target,
    );
    const lead = linesBeforeButton(reply.blocks as never);
    expect(lead[1]).toContain(
      '`GET /api/v2/recording/screenrecordings/{id}` is not a Genesys Cloud API operation: use a real one, such as `GET /api/v2/conversations/{conversationId}/recordings`',
    );
    expect(reply.blocks.map((b) => (b as { block_id?: string }).block_id)).toContain('paste-needs');
  });

  it('states low confidence in the heading when only an ask answers', () => {
    const lead = linesBeforeButton(renderPasteReply({ ...finding, confidence: 'low' }, target).blocks as never);
    expect(lead[0]).toContain('low confidence');
  });
});
