/**
 * docs/getting-started.md, executed step by step: every `$ ` line of its ```console blocks runs in order (the CLI
 * in-process, `sr-check sim` as the simulator it starts), and what it prints must contain the lines shown after
 * it, in order (`…` stands for any lines, or any text within a line; `$ echo $?` checks the exit status). The
 * orgs.yml block is written as the file and must equal the config the simulator printed. The simulator's ports
 * (8700/8701 in the text) are whatever it got here; relative file names live in a temporary directory.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseShell } from 'shell-quote';
import { expect, it } from 'vitest';
import { runSimCommand } from '../../src/sim';
import { runCliCaptured } from '../support/cli';

const DOC = join(__dirname, '..', '..', 'docs', 'getting-started.md');
const FILES = ['orgs.yml', 'error.txt'];

type Step = { kind: 'command'; line: string; expected: string[] } | { kind: 'file'; name: string; text: string };

/** The console blocks' commands with the lines after each, and the file blocks (a first line `# NAME`). */
function stepsOf(markdown: string): Step[] {
  const steps: Step[] = [];
  for (const block of markdown.matchAll(/^```(console|yaml)\n([\s\S]*?)^```$/gm)) {
    const lines = block[2]!.replace(/\n$/, '').split('\n');
    if (block[1] === 'yaml') {
      const name = /^# (\S+)$/.exec(lines[0]!)?.[1];
      if (name) steps.push({ kind: 'file', name, text: `${lines.slice(1).join('\n')}\n` });
      continue;
    }
    for (const line of lines) {
      if (line.startsWith('$ ')) steps.push({ kind: 'command', line: line.slice(2), expected: [] });
      else (steps.at(-1) as Extract<Step, { kind: 'command' }>).expected.push(line);
    }
  }
  return steps;
}

/** Each expected line, in order, matches a whole printed line (`…` inside a line: any text; alone: any lines). */
function expectLines(actual: string, expected: string[], what: string): void {
  const lines = actual.split('\n').map((l) => l.trimEnd());
  let at = 0;
  for (const want of expected.filter((l) => l.trim() !== '…')) {
    const pattern = new RegExp(
      `^${want
        .trimEnd()
        .split('…')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    const found = lines.findIndex((line, i) => i >= at && pattern.test(line));
    if (found < 0) throw new Error(`${what}: no line ${JSON.stringify(want)} (in order) in:\n${actual}`);
    at = found + 1;
  }
}

it('docs/getting-started.md runs as written', { timeout: 240_000 }, async () => {
  const steps = stepsOf(readFileSync(DOC, 'utf8'));
  expect(steps.filter((s) => s.kind === 'command').length).toBeGreaterThan(15);
  const dir = mkdtempSync(join(tmpdir(), 'sr-check-getting-started-'));
  const env: NodeJS.ProcessEnv = { SR_CHECK_DB: join(dir, 'sr-check.db') };
  const ports = new Map<string, string>();
  const local = (text: string) => {
    let out = text;
    for (const [doc, real] of ports) out = out.split(doc).join(real);
    return out;
  };
  const inDir = (word: string) => (FILES.includes(word) ? join(dir, word) : word);
  let lastCode: number | undefined;
  let simPrinted = '';
  let stopSim: (() => void) | undefined;
  let simDone: Promise<number> | undefined;
  let ran = 0;

  try {
    for (const step of steps) {
      if (step.kind === 'file') {
        writeFileSync(join(dir, step.name), local(step.text));
        // The file the reader saves is the config the simulator printed, as printed.
        const printed = /^Config \(orgs\.yml\):\n((?: {2}.*\n)+)/m.exec(simPrinted)?.[1];
        expect(local(step.text)).toBe(printed?.replace(/^ {2}/gm, ''));
        continue;
      }
      const what = `$ ${step.line}`;
      if (step.line === 'echo $?') {
        expect({ what, code: String(lastCode) }).toEqual({ what, code: step.expected[0] });
        continue;
      }
      // No variable is expanded: the walk-through's commands name none.
      const words = parseShell(step.line, (name) => `$${name}`).map((w) =>
        typeof w === 'string' ? w : `<${JSON.stringify(w)}>`,
      );
      if (words[0] === 'export') {
        const [name, ...value] = words[1]!.split('=');
        env[name!] = inDir(value.join('='));
        continue;
      }
      if (words[0] === 'printf' && words[1] === '%s' && words[3] === '<{"op":">"}>') {
        writeFileSync(inDir(words[4]!), words[2]!);
        continue;
      }
      expect(words.slice(0, 2), what).toEqual(['npx', 'sr-check']);
      const args = words.slice(2).map(inDir);
      ran++;
      if (args[0] === 'sim') {
        // The second terminal: the simulator runs until the walk-through ends, on ports of its own.
        const port = args.indexOf('--port');
        const docPort = Number(args[port + 1]);
        args[port + 1] = '0';
        let started!: () => void;
        const running = new Promise<void>((resolve) => (started = resolve));
        simDone = runSimCommand(args.slice(1), {
          out: (text) => {
            simPrinted += `${text}\n`;
            if (text.includes('Running; Ctrl-C to stop.')) started();
          },
          err: (text) => (simPrinted += `${text}\n`),
          untilStopped: () => new Promise<void>((resolve) => (stopSim = resolve)),
        });
        await Promise.race([running, simDone.then(() => Promise.reject(new Error(simPrinted)))]);
        ports.set(`127.0.0.1:${docPort}`, /API: +http:\/\/(\S+)/.exec(simPrinted)![1]!);
        ports.set(`127.0.0.1:${docPort + 1}`, /login: +http:\/\/(\S+)/.exec(simPrinted)![1]!);
        expectLines(simPrinted, step.expected.map(local), what);
        continue;
      }
      const out = await runCliCaptured(args, { ...env });
      lastCode = out.code;
      expectLines(out.stdout + out.stderr, step.expected.map(local), what);
    }
  } finally {
    stopSim?.();
    await simDone;
  }
  expect(ran).toBeGreaterThan(10);
});
