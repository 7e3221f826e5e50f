/**
 * CLI start-up as people feel it: each command runs as a whole process (`node bin/sr-check.js …`, the bundle in
 * dist/bundle the product ships, scripts/build.ts) in turn with a bare `node -e 0`, the baseline measured in the
 * same run; the ratio is taken pair by pair so drift on a shared machine hits both alike, and the median pair is
 * reported. Wall time is what a person waits; CPU time (the children's user + system, Linux only) is the steadier figure on a busy machine.
 * Goals (issue 26): --version, --help, help X ≤ 1.5×; org=demo ≤ 4×; explain on a 50-line paste ≤ 3×.
 * Run alone: npm run bench -- cli
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureBuilt, ROOT } from './built';
import type { BenchResult } from './result';

const BIN = join(ROOT, 'bin', 'sr-check.js');
const PASTE = join(__dirname, 'fixtures', 'explain-50-lines.txt');
const RUNS = 7;
const WARMUP = 1;

const COMMANDS: Array<{ name: string; args: string[]; goal: number }> = [
  { name: 'sr-check --version', args: ['--version'], goal: 1.5 },
  { name: 'sr-check --help', args: ['--help'], goal: 1.5 },
  { name: 'sr-check help check', args: ['help', 'check'], goal: 1.5 },
  { name: 'sr-check org=demo', args: ['org=demo'], goal: 4 },
  { name: 'sr-check explain (50-line paste)', args: ['explain', PASTE], goal: 3 },
];

interface ProcessRun {
  wallMs: number;
  /** User + system CPU of the child (ms), from this process's reaped-children counters; undefined off Linux. */
  cpuMs: number | undefined;
  code: number | null;
}

/** utime+stime of reaped children (/proc/self/stat fields 16 and 17), in clock ticks. */
function childrenCpuTicks(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: field 3 is index 0, so cutime (16) and cstime (17) are indexes 13 and 14.
    return Number(fields[13]) + Number(fields[14]);
  } catch {
    return undefined;
  }
}

const TICK_MS = (() => {
  try {
    return 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  } catch {
    return 10;
  }
})();

function runOnce(args: string[]): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const ticksBefore = childrenCpuTicks();
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      // No configuration, no colours: the same answer every run.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Read and thrown away, as a terminal or a pipe would take it.
    child.stdout.resume();
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const ticksAfter = childrenCpuTicks();
      const cpuMs =
        ticksBefore === undefined || ticksAfter === undefined ? undefined : (ticksAfter - ticksBefore) * TICK_MS;
      resolve({ wallMs, cpuMs, code });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const r2 = (n: number) => Math.round(n * 100) / 100;

export async function run(): Promise<BenchResult> {
  const rebuilt = ensureBuilt(join(ROOT, 'dist', 'bundle', 'cli.js'));
  const baselineArgs = ['-e', '0'];
  const rows: BenchResult['rows'] = [];
  const allBaseline: ProcessRun[] = [];
  for (const command of COMMANDS) {
    const args = [BIN, ...command.args];
    for (let i = 0; i < WARMUP; i++) {
      await runOnce(baselineArgs);
      await runOnce(args);
    }
    const pairs: Array<{ a: ProcessRun; b: ProcessRun }> = [];
    for (let i = 0; i < RUNS; i++) {
      const b = await runOnce(baselineArgs);
      const a = await runOnce(args);
      pairs.push({ a, b });
    }
    allBaseline.push(...pairs.map((p) => p.b));
    const wallRatio = median(pairs.map((p) => p.a.wallMs / p.b.wallMs));
    const cpuKnown = pairs.every((p) => p.a.cpuMs !== undefined && (p.b.cpuMs ?? 0) > 0);
    const cpuRatio = cpuKnown ? median(pairs.map((p) => p.a.cpuMs! / p.b.cpuMs!)) : undefined;
    rows.push({
      command: command.name,
      'exit codes': [...new Set(pairs.map((p) => p.a.code))].join(','),
      'wall ms (median)': Math.round(median(pairs.map((p) => p.a.wallMs))),
      'bare node wall ms': Math.round(median(pairs.map((p) => p.b.wallMs))),
      'wall ratio': r2(wallRatio),
      'wall ratio range': `${r2(Math.min(...pairs.map((p) => p.a.wallMs / p.b.wallMs)))}–${r2(Math.max(...pairs.map((p) => p.a.wallMs / p.b.wallMs)))}`,
      'cpu ratio': cpuRatio === undefined ? 'n/a' : r2(cpuRatio),
      goal: `≤ ${command.goal}×`,
      result: wallRatio <= command.goal ? 'met' : 'missed',
    });
  }
  return {
    name: 'cli',
    rows,
    notes: [
      `each command ${RUNS} times in turn with \`node -e 0\` (after ${WARMUP} warm-up each); ratios are the median of the ${RUNS} pairs; met/missed is judged on the wall ratio`,
      `cpu ratio: user + system seconds of the child against the baseline's (clock ticks of ${TICK_MS} ms; the steadier figure when the machine is busy)`,
      `bare node over the whole run: median ${Math.round(median(allBaseline.map((b) => b.wallMs)))} ms wall`,
      ...(rebuilt ? [rebuilt] : []),
    ],
  };
}
