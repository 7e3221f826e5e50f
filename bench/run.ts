/**
 * `npm run bench`: runs every benchmark against loopback servers, prints one table per benchmark and
 * writes bench/results/latest.json. Figures are ratios, counts and rates; nothing here asserts a time.
 * `npm run bench -- paste` runs only the benchmarks whose name contains "paste".
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';

import type { BenchResult } from './result';

const BENCHMARKS: Array<[string, () => Promise<BenchResult>]> = [
  ['cli', async () => (await import('./cli')).run()],
  ['diagnosis', async () => (await import('./diagnosis')).run()],
  ['paste', async () => (await import('./paste')).run()],
  ['slack-ack', async () => (await import('./slack-ack')).run()],
  ['many-orgs', async () => (await import('./many-orgs')).run()],
];

async function main(): Promise<void> {
  const filter = process.argv[2];
  const results: BenchResult[] = [];
  for (const [name, run] of BENCHMARKS) {
    if (filter && !name.includes(filter)) continue;
    process.stdout.write(
      `\n## ${name} (load average ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')})\n`,
    );
    const result = await run();
    console.table(result.rows);
    for (const note of result.notes ?? []) process.stdout.write(`  ${note}\n`);
    process.stdout.write(
      `  load average after: ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}\n`,
    );
    results.push(result);
  }
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' };
  writeFileSync(
    join(dir, 'latest.json'),
    JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2),
  );
  process.stdout.write(`\nwrote bench/results/latest.json\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
