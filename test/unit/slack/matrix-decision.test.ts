/** Which slash commands go to the matrix flow, what they acknowledge, and what a mention answers for them. */
import { describe, expect, it } from 'vitest';
import type { AppConfig, OrgConfig } from '../../../src/config/types';
import { ChannelAccess } from '../../../src/slack/access';
import { decideCommand } from '../../../src/slack/command-decision';
import { decideMatrixCommand, matrixCheckingReply } from '../../../src/slack/matrix-flow';

const A = '3f2a1b4c-0000-4000-8000-000000000000';
const B = '3f2a1b4c-0000-4000-8000-00000000000b';

/** Channel access reads only an org's name and channels. */
const org = (name: string, channels: string[]) => ({ name, channels }) as unknown as OrgConfig;
const config: AppConfig = {
  orgs: new Map([
    ['acme', org('acme', ['CACME'])],
    ['hidden', org('hidden', ['COTHER'])],
  ]),
  allowedChannels: [],
  source: 'test',
};
const access = new ChannelAccess(config, true);

describe('decideMatrixCommand', () => {
  it('leaves one-org commands, help and orgs to the single-check path', () => {
    for (const text of ['org=acme', 'org=acme,', 'help', 'orgs', '', 'nonsense'])
      expect(decideMatrixCommand(text, 'CACME', access)).toBeUndefined();
  });

  it('takes several orgs and org=*, whatever the channel may see (the runner leaves out what it may not)', () => {
    const many = decideMatrixCommand('org=acme,hidden fresh', 'CACME', access);
    expect(many).toEqual({ kind: 'many', orgs: ['acme', 'hidden'], request: { fresh: true } });
    expect(matrixCheckingReply(many as never)).toBe('Checking 2 orgs…');
    const all = decideMatrixCommand('org=*', 'CACME', access);
    expect(matrixCheckingReply(all as never)).toBe('Checking every org of this channel…');
  });

  it('refuses an operation that is none, before anything runs', () => {
    const refused = decideMatrixCommand(
      'org=acme,hidden op="POST /api/v2/interaction/screenrecordings"',
      'CACME',
      access,
    );
    expect(refused).toMatchObject({
      kind: 'reply',
      text: expect.stringContaining('is not a Genesys Cloud API operation'),
    });
  });

  it('compare=: in an org the channel may use; elsewhere, and for the demo org, the same refusal as an unknown org', () => {
    expect(decideMatrixCommand(`org=acme client=${A} compare=${B}`, 'CACME', access)).toEqual({
      kind: 'compare',
      request: { org: 'acme', client: A, fresh: false },
      other: { client: B },
    });
    const hidden = decideMatrixCommand(`org=hidden client=${A} compare=${B}`, 'CACME', access);
    const nosuch = decideMatrixCommand(`org=nosuch client=${A} compare=${B}`, 'CACME', access);
    expect(hidden?.kind).toBe('reply');
    expect((hidden as { text: string }).text.replace('hidden', 'X')).toBe(
      (nosuch as { text: string }).text.replace('nosuch', 'X'),
    );
    expect(decideMatrixCommand(`org=demo client=${A} compare=${B}`, 'CACME', access)?.kind).toBe('reply');
  });

  it('a mention naming several orgs is told to use the slash command', () => {
    expect(decideCommand('org=acme,hidden', 'CACME', access)).toEqual({
      kind: 'reply',
      text: expect.stringContaining('several orgs and compare= work with the /sr-check command'),
    });
  });
});
