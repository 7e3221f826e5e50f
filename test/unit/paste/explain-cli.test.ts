/** `sr-check explain`: --help, and --json keeping its shape with `confidence` and `held` added. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../support/cli';

const file = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'sr-explain-')), 'paste.txt');
  writeFileSync(path, text);
  return path;
};

describe('sr-check explain', () => {
  it('--help prints the usage and exits 0, reading nothing', async () => {
    const out = await runCliCaptured(['explain', '--help']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^Usage: sr-check explain \[FILE\] \[--json\]/);
    expect(out.stdout).toContain('confidence: high|medium|low');
    expect(out.stderr).toBe('');
  });

  it('an unknown option is a usage error (exit 2) with the usage on stderr', async () => {
    const out = await runCliCaptured(['explain', '--jsn']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('Usage: sr-check explain');
  });

  it('a permission the catalog does not know is reported and said to be unknown, with the real ones on that entity', async () => {
    const body =
      '{"message":"You are missing the following permission(s): [wfm:schedule:write]","code":"missing.permissions","status":403}';
    const text = await runCliCaptured(['explain', file(body)]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      'wfm:schedule:write is not a permission any Platform API operation requires in the catalog',
    );
    expect(text.stdout).toContain('wfm:schedule:edit');
    const json = await runCliCaptured(['explain', file(body), '--json']);
    expect(JSON.parse(json.stdout).finding.unknownPermissions).toEqual([
      {
        permission: 'wfm:schedule:write',
        sameEntity: expect.arrayContaining(['wfm:schedule:add', 'wfm:schedule:edit']),
      },
    ]);
  });

  it('a FILE that is no regular file (/dev/zero) is refused at once, not read forever', async () => {
    const out = await runCliCaptured(['explain', '/dev/zero']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^sr-check: cannot read \/dev\/zero: /);
    expect(out.stdout).toBe('');
  });

  it('--json keeps kind and finding and adds confidence and held', async () => {
    const out = await runCliCaptured([
      'explain',
      file(
        'We get 403 Forbidden from Genesys Cloud on GET /api/v2/routing/queues although the role already has routing:queue:view.',
      ),
      '--json',
    ]);
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout) as {
      kind: string;
      finding: { confidence: string; held: string[]; operation: { template: string } };
      confidence: string;
      held: string[];
    };
    expect(json.kind).toBe('genesys-403');
    expect(json.finding.operation.template).toBe('/api/v2/routing/queues');
    expect(json.confidence).toBe('medium');
    expect(json.finding.confidence).toBe('medium');
    expect(json.held).toEqual(['routing:queue:view']);
    expect(json.finding.held).toEqual(['routing:queue:view']);
  });

  it('--json on text with no Genesys 403 says confidence low, held empty, and keeps premises', async () => {
    const out = await runCliCaptured([
      'explain',
      file('A 403 from Genesys usually means the role lacks a permission, e.g. GET /api/v2/routing/queues.'),
      '--json',
    ]);
    expect(out.code).toBe(1);
    expect(JSON.parse(out.stdout)).toEqual({
      kind: 'none',
      premises: [],
      confidence: 'low',
      held: [],
      decision: 'silent',
      secrets: [],
    });
  });

  it('a credential with no 403 gets the rotate warning with kinds and lines, never the value (text and --json)', async () => {
    const path = file('Genesys Cloud OAuth client: client_id=abc client_secret=s3cr3t (works fine)');
    const json = await runCliCaptured(['explain', path, '--json']);
    expect(json.code).toBe(1);
    expect(json.stdout).not.toContain('s3cr3t');
    const parsed = JSON.parse(json.stdout) as {
      kind: string;
      decision: string;
      secrets: Array<{ kind: string; line: number }>;
      warning: string;
    };
    expect(parsed.kind).toBe('none');
    expect(parsed.decision).toBe('secrets');
    expect(parsed.secrets).toEqual([{ kind: 'client-secret', line: 1 }]);
    expect(parsed.warning).toMatch(/rotate it now/);
    const text = await runCliCaptured(['explain', path]);
    expect(text.stdout).toContain('No Genesys Cloud 403 found in that text.');
    expect(text.stdout).toMatch(
      /A credential was pasted: client-secret \(line 1\)\. Treat it as exposed: rotate it now/,
    );
    expect(text.stdout).not.toContain('s3cr3t');
  });

  it("--json on a 403 adds decision explain and the finding's secrets", async () => {
    const out = await runCliCaptured([
      'explain',
      file('Genesys Cloud 403 on GET /api/v2/routing/queues\nAuthorization: Bearer abcdefghijklmnop1234'),
      '--json',
    ]);
    const parsed = JSON.parse(out.stdout) as { decision: string; secrets: Array<{ kind: string }>; warning?: string };
    expect(parsed.decision).toBe('explain');
    expect(parsed.secrets.map((s) => s.kind)).toEqual(['bearer-token']);
    expect(parsed.warning).toMatch(/bearer-token \(line 2\)/);
    expect(out.stdout).not.toContain('abcdefghijklmnop1234');
  });

  it('the text answer says what the poster has against what the call needs', async () => {
    const out = await runCliCaptured([
      'explain',
      file('Genesys Cloud 403 on GET /api/v2/routing/queues although the role already has routing:queue:view.'),
    ]);
    expect(out.stdout).toMatch(
      /You say the identity already has routing:queue:view, which meets what the permission catalog lists for GET \/api\/v2\/routing\/queues/,
    );
  });
});
