/**
 * Counts the run's tests for one plain closing line, `vitest: N passed, N failed, N skipped`, which global
 * teardown prints last (after vitest's own summary), so tools that read a run's closing lines see the counts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export const SUMMARY_FILE = join(__dirname, '..', '..', '.test-logs', 'summary.txt');

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    mkdirSync(join(SUMMARY_FILE, '..'), { recursive: true });
    writeFileSync(SUMMARY_FILE, `vitest: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
