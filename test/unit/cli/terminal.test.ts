/** What depends on the terminal: colours (util.styleText, only on a TTY, off with NO_COLOR or TERM=dumb) and the explain paste hint. */
import { describe, expect, it } from 'vitest';
import { TTY_PASTE_HINT } from '../../../src/cli/main';
import { runCliCaptured } from '../../support/cli';

const ESC = '\u001b[';

describe('colours', () => {
  it.each([
    { case: 'stdout is a terminal', env: {}, stdoutTty: true, coloured: true },
    { case: 'stdout is a pipe', env: {}, stdoutTty: false, coloured: false },
    { case: 'NO_COLOR=1 on a terminal', env: { NO_COLOR: '1' }, stdoutTty: true, coloured: false },
    {
      case: 'NO_COLOR empty on a terminal (unset, per no-color.org)',
      env: { NO_COLOR: '' },
      stdoutTty: true,
      coloured: true,
    },
    { case: 'TERM=dumb on a terminal', env: { TERM: 'dumb' }, stdoutTty: true, coloured: false },
  ])('$case → coloured: $coloured', async ({ env, stdoutTty, coloured }) => {
    const out = await runCliCaptured(['org=demo'], env, { tty: { stdout: stdoutTty } });
    expect(out.code).toBe(1);
    expect(out.stdout.includes(ESC)).toBe(coloured);
    // Same words either way: strip the styles and the text is the plain rendering.
    const plain = await runCliCaptured(['org=demo']);
    // eslint-disable-next-line no-control-regex
    const stripped = out.stdout.replace(/\u001b\[\d+m/g, '');
    const statusLines = (text: string) =>
      text
        .split('\n')
        .filter((l) => /^(overall:|[✓✗!?-] )/.test(l))
        .map((l) => l.split(/\s+/).slice(0, 3).join(' '));
    expect(statusLines(stripped)).toEqual(statusLines(plain.stdout));
    expect(statusLines(stripped).length).toBeGreaterThan(2);
    if (coloured) expect(out.stdout).toContain(`overall: ${ESC}31m${ESC}1mFAIL`);
  });

  it('--json is never coloured', async () => {
    const out = await runCliCaptured(['org=demo', '--json'], {}, { tty: { stdout: true } });
    expect(out.stdout).not.toContain(ESC);
    expect(() => JSON.parse(out.stdout)).not.toThrow();
  });
});

describe('explain on a terminal', () => {
  const text =
    'HTTP 403 {"message":"You are missing the following permission(s): recording:screenRecording:view","code":"missing.permissions","status":403}';
  it.each([
    { case: 'stdin is a terminal, no FILE', tty: { stdin: true }, args: ['explain'], hint: true },
    { case: 'stdin is a pipe', tty: { stdin: false }, args: ['explain'], hint: false },
    { case: 'stdin is a terminal but --json', tty: { stdin: true }, args: ['explain', '--json'], hint: true },
  ])('$case → hint on stderr: $hint', async ({ tty, args, hint }) => {
    const out = await runCliCaptured(args, {}, { tty, readStdin: async () => text });
    expect(out.stderr.includes(TTY_PASTE_HINT)).toBe(hint);
    expect(out.stdout).not.toContain('Ctrl-D');
    expect(out.stdout).toMatch(/recording:screenRecording:view/);
  });

  it('the hint says how to end the paste', () => {
    expect(TTY_PASTE_HINT).toMatch(/^Paste the error, then press Ctrl-D/);
  });

  it('with a FILE there is nothing to paste, so no hint', async () => {
    const out = await runCliCaptured(['explain', '/nonexistent/sr-check-explain.txt'], {}, { tty: { stdin: true } });
    expect(out.stderr).not.toContain(TTY_PASTE_HINT);
    expect(out.code).toBe(2);
  });
});
