/**
 * Runs loadConfig in a child process for special-files.test.ts: a read that blocks (a FIFO with no writer)
 * blocks the whole thread, so only a separate process with a kill timer can turn a hang into a failure.
 * Prints the result as one JSON line.
 */
import { loadConfig } from '../../../src/config/load-config';

const result = loadConfig(process.argv[2]!, { ACME_DIAG_SECRET: 'LEAKCANARY-child-1' });
process.stdout.write(`${JSON.stringify(result.ok ? { ok: true } : { ok: false, errors: result.errors })}\n`);
