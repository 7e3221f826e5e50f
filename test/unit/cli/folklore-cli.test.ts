/** The CLI on calls that are no operation and on text full of folklore: what it prints and its exit status. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../support/cli';
import { SEED_QUESTION } from '../../support/folklore';

describe('sr-check op= that is no Platform API operation', () => {
  it.each([
    {
      op: 'POST https://api.mypurecloud.com/api/v2/interaction/screenrecordings',
      code: 1,
      stdout: [
        /is not a Genesys Cloud API operation: the public Platform API has no \/api\/v2\/interaction path/,
        /GET \/api\/v2\/recordings\/screensessions\/details/,
        /sr-check org=demo op="/,
      ],
    },
    { op: 'GET /api/v2/foo/bar', code: 2, stderr: [/No real operation is near it/] },
  ])('$op → exit $code, nothing run', async ({ op, code, stdout, stderr }) => {
    const out = await runCliCaptured(['org=demo', `op=${op}`]);
    expect(out.code).toBe(code);
    for (const p of stdout ?? []) expect(out.stdout).toMatch(p);
    for (const p of stderr ?? []) expect(out.stderr).toMatch(p);
    expect(out.stdout).not.toMatch(/overall:/);
  });

  it('--json gives the suggestions as data', async () => {
    const out = await runCliCaptured(['org=demo', 'op=POST /api/v2/interaction/screenrecordings', '--json']);
    const json = JSON.parse(out.stdout) as {
      notAnOperation: { path: string; nearest: Array<{ method: string; template: string; permissions: string[] }> };
    };
    expect(json.notAnOperation.path).toBe('/api/v2/interaction/screenrecordings');
    expect(json.notAnOperation.nearest.map((n) => `${n.method} ${n.template}`)).toContain(
      'PUT /api/v2/conversations/{conversationId}/recordings/{recordingId}',
    );
  });

  it('a mistyped alias is still a usage error', async () => {
    const out = await runCliCaptured(['org=demo', 'op=screen-recordingz']);
    expect(out.code).toBe(2);
  });
});

describe('sr-check explain on folklore', () => {
  const file = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-explain-'));
    writeFileSync(join(dir, 'paste.txt'), text);
    return join(dir, 'paste.txt');
  };

  it('the seed question: every false premise answered', async () => {
    const out = await runCliCaptured(['explain', file(SEED_QUESTION)]);
    expect(out.code).toBe(0);
    for (const said of [
      'screen_recording:write',
      'screen_recording:read',
      'Screen Recording Admin',
      'Agent Desktop Administrator',
      '"API Keys"',
      'Admin › Users',
      'old token',
      'propagation',
    ]) {
      expect(out.stdout).toContain(said);
    }
  });

  it('text without a 403 still gets its made-up names answered (and the exit status says no 403 was found)', async () => {
    const out = await runCliCaptured(['explain', file('Should I request screen_recording:write for the archiver?')]);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(
      /No Genesys Cloud 403 found in that text\.\nScope screen_recording:write: No such Genesys scope/,
    );
    const json = JSON.parse(
      (await runCliCaptured(['explain', file('Should I request screen_recording:write?'), '--json'])).stdout,
    ) as { premises: Array<{ said: string }> };
    expect(json.premises.map((p) => p.said)).toEqual(['screen_recording:write']);
  });
});
