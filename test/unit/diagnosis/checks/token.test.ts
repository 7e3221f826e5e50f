import { describe, expect, it } from 'vitest';
import { tokenCheck } from '../../../../src/diagnosis/checks/token';
import type { Facts } from '../../../../src/diagnosis/facts';
import type { CheckStatus } from '../../../../src/diagnosis/verdict';
import {
  DIVISIONS,
  HOUR,
  IDS,
  NOW,
  ROLES,
  buildFacts,
  buildUserFacts,
  failed,
  isoAgo,
  oauthClient,
  ok,
  subject,
  subjectGrant,
} from '../../../support/facts';

const MINUTE = 60_000;
const DAY = 24 * HOUR;

function clientChanged(agoMs: number | undefined): Facts {
  return buildFacts({ client: ok(oauthClient({ dateModified: agoMs === undefined ? undefined : isoAgo(agoMs) })) });
}

function userGranted(agos: Array<number | undefined>, overrides: Partial<Facts> = {}): Facts {
  return buildUserFacts({
    subject: ok(
      subject(
        agos.map((ago) =>
          subjectGrant(ROLES.screenViewer, DIVISIONS.sales, ago === undefined ? undefined : isoAgo(ago)),
        ),
      ),
    ),
    ...overrides,
  });
}

/** What a settled (pass) answer must say it cannot see. */
const UNSEEN =
  /edits to a role's own permissions carry no date[\s\S]*already-issued token picks up a role change is not documented \(unconfirmed\).*still refused while sr-check predicts success, a new token is the next step/;
const QUOTE =
  /"It can take up to five minutes for permission updates to make their way through Genesys Cloud and take effect\." \(help page "Edit a role"\)/;
const WAIT = /permission updates take up to five minutes to take effect; wait and re-check$/;

interface Case {
  name: string;
  facts: Facts;
  status: CheckStatus;
  summary: RegExp;
  evidence?: RegExp;
}

const cases: Case[] = [
  // OAuth client (client credentials): dateModified, an upper bound on the last role change.
  {
    name: 'client changed a month ago',
    facts: clientChanged(30 * DAY),
    status: 'pass',
    summary: /^No change to the OAuth client's roles in the last five minutes$/,
    evidence: /That was 30 days ago/,
  },
  {
    name: 'client pass says what cannot be seen',
    facts: clientChanged(30 * DAY),
    status: 'pass',
    summary: /last five minutes/,
    evidence: UNSEEN,
  },
  {
    name: 'client pass quotes the five minutes',
    facts: clientChanged(30 * DAY),
    status: 'pass',
    summary: /last five minutes/,
    evidence: QUOTE,
  },
  {
    name: 'client: dateModified is an upper bound',
    facts: clientChanged(30 * DAY),
    status: 'pass',
    summary: /five minutes/,
    evidence: /last modified at .* \(dateModified\)\. It moves on any edit of the client, so it is an upper bound/,
  },
  {
    name: 'client edited 3 min ago',
    facts: clientChanged(3 * MINUTE),
    status: 'warn',
    summary: /^OAuth client edited 3 min ago \(its roles may have changed\): /,
    evidence: QUOTE,
  },
  {
    name: 'client edited 3 min ago: wait and re-check',
    facts: clientChanged(3 * MINUTE),
    status: 'warn',
    summary: WAIT,
  },
  {
    name: 'client edited 3 min ago: offers the watch, not a credential refresh',
    facts: clientChanged(3 * MINUTE),
    status: 'warn',
    summary: WAIT,
    evidence: /add `watch` to the command .* stops at the first change/,
  },
  {
    name: 'client edited seconds ago',
    facts: clientChanged(20_000),
    status: 'warn',
    summary: /edited under a minute ago/,
  },
  {
    name: 'client edited just under five minutes ago',
    facts: clientChanged(5 * MINUTE - 1),
    status: 'warn',
    summary: /4 min ago/,
  },
  {
    name: 'client edited exactly five minutes ago',
    facts: clientChanged(5 * MINUTE),
    status: 'pass',
    summary: /last five minutes/,
  },
  {
    name: 'client edited 30 min ago (inside an old token lifetime, outside five minutes)',
    facts: clientChanged(30 * MINUTE),
    status: 'pass',
    summary: /last five minutes/,
    evidence: /That was 30 min ago/,
  },
  {
    name: 'client edited 20 h ago',
    facts: clientChanged(20 * HOUR),
    status: 'pass',
    summary: /last five minutes/,
    evidence: /That was 20 h ago/,
  },
  {
    name: "client dated after sr-check's clock",
    facts: clientChanged(-2 * MINUTE),
    status: 'warn',
    summary: /later than sr-check's clock/,
  },
  {
    name: 'client never says when it changed',
    facts: clientChanged(undefined),
    status: 'unknown',
    summary: /Could not tell when the OAuth client's roles last changed/,
    evidence: /no dateModified/,
  },
  {
    name: 'client change date unparsable',
    facts: buildFacts({ client: ok(oauthClient({ dateModified: 'yesterday-ish' })) }),
    status: 'unknown',
    summary: /Could not tell/,
    evidence: /"yesterday-ish", not a date/,
  },
  {
    name: 'client unreadable',
    facts: buildFacts({ client: failed(403) }),
    status: 'unknown',
    summary: /Could not read the OAuth client/,
  },
  {
    name: 'no client named',
    facts: buildFacts({ client: undefined }),
    status: 'skipped',
    summary: /No OAuth client named/,
  },

  // User: the newest grantMadeAt.
  {
    name: 'user granted roles long ago',
    facts: userGranted([40 * DAY, 30 * DAY]),
    status: 'pass',
    summary: /^No role granted to the user in the last five minutes$/,
    evidence: UNSEEN,
  },
  {
    name: 'user pass says removals are not visible',
    facts: userGranted([30 * DAY]),
    status: 'pass',
    summary: /five minutes/,
    evidence: /a removed grant leaves no date/,
  },
  {
    name: "user's newest grant is named",
    facts: userGranted([40 * DAY, 2 * MINUTE]),
    status: 'warn',
    summary: /^Roles changed 2 min ago: /,
    evidence:
      /newest role grant \(Screen Recording Viewer in Sales\) was made at 2025-06-01T11:58:00.000Z \(grantMadeAt\)/,
  },
  {
    name: "user's newest grant listed first or last",
    facts: userGranted([2 * MINUTE, 40 * DAY]),
    status: 'warn',
    summary: /Roles changed 2 min ago/,
  },
  {
    name: 'user grant 4 min ago: wait and re-check',
    facts: userGranted([4 * MINUTE]),
    status: 'warn',
    summary: WAIT,
    evidence: QUOTE,
  },
  {
    name: 'user grant 10 min ago (inside an old token lifetime, outside five minutes)',
    facts: userGranted([40 * DAY, 10 * MINUTE]),
    status: 'pass',
    summary: /last five minutes/,
    evidence: /That was 10 min ago/,
  },
  {
    name: 'user grants without dates',
    facts: userGranted([undefined]),
    status: 'unknown',
    summary: /Could not tell when the user's roles last changed/,
  },
  {
    name: 'user with one undated grant among old ones',
    facts: userGranted([30 * DAY, undefined]),
    status: 'unknown',
    summary: /Could not tell when 1 of the user's grants were made/,
  },
  {
    name: 'user with an undated grant and a recent one',
    facts: userGranted([3 * MINUTE, undefined]),
    status: 'warn',
    summary: /Roles changed 3 min ago/,
  },
  { name: 'user without grants', facts: userGranted([]), status: 'unknown', summary: /holds no grants/ },
  {
    name: "user's grants unreadable",
    facts: userGranted([], { subject: failed(500) }),
    status: 'unknown',
    summary: /Could not read the user's grants/,
  },
  {
    name: "user's grants not read",
    facts: userGranted([], { subject: undefined }),
    status: 'unknown',
    summary: /Could not read the user's grants/,
  },
  {
    name: 'user, app unreadable: judged by the grants alone',
    facts: userGranted([30 * HOUR], { client: failed(403) }),
    status: 'pass',
    summary: /last five minutes/,
  },
];

describe('tokenCheck', () => {
  it.each(cases)('$name → $status', ({ facts, status, summary, evidence }) => {
    const checked = tokenCheck(facts);
    expect(checked.id).toBe('token');
    expect(checked.status).toBe(status);
    expect(checked.summary).toMatch(summary);
    if (evidence) expect(checked.evidence.join('\n')).toMatch(evidence);
  });

  it.each(cases)('never proposes a fix and never claims old tokens keep old access: $name', ({ facts }) => {
    const checked = tokenCheck(facts);
    expect(checked.fixes).toEqual([]);
    const text = [checked.summary, ...checked.evidence].join('\n');
    expect(text).not.toMatch(/refresh|old access|still carry|minted before|tokens live/i);
  });

  it('the check takes the time from the facts, not a clock', () => {
    const facts = clientChanged(3 * MINUTE);
    expect(tokenCheck(facts).status).toBe('warn');
    expect(tokenCheck({ ...facts, now: NOW + 2 * MINUTE }).status).toBe('pass');
  });

  it('a user identity is judged by the user, not the app the user signs in through', () => {
    const checked = tokenCheck(userGranted([30 * DAY], { client: ok(oauthClient({ dateModified: isoAgo(MINUTE) })) }));
    expect(checked.status).toBe('pass');
    expect(checked.evidence.join('\n')).not.toContain(IDS.client);
  });
});
