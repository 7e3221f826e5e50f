/**
 * Global setup and teardown. Teardown is the suite-wide secret leak check: it reads every log line
 * the tests produced and fails the run if a known secret or an issued token appears in any of them.
 */
import { existsSync, readdirSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { knownTestSecrets, ISSUED_TOKEN_PATTERN } from '../support/secrets';
import { SUMMARY_FILE } from './summary-reporter';

const LOG_DIR = join(__dirname, '..', '..', '.test-logs');

export function setup(): void {
  rmSync(LOG_DIR, { recursive: true, force: true });
  mkdirSync(LOG_DIR, { recursive: true });
}

export function teardown(): void {
  try {
    scanLogsForSecrets();
  } finally {
    // The runner-neutral closing line (counted by summary-reporter.ts), printed last.
    if (existsSync(SUMMARY_FILE)) console.log(`\n${readFileSync(SUMMARY_FILE, 'utf8')}`);
  }
}

function scanLogsForSecrets(): void {
  if (!existsSync(LOG_DIR)) return;
  const files = readdirSync(LOG_DIR)
    .filter((f) => f.endsWith('.log'))
    .map((f) => join(LOG_DIR, f));
  const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');
  const leaks: string[] = [];
  for (const secret of knownTestSecrets())
    if (text.includes(secret)) leaks.push(`a configured secret (${secret.slice(0, 4)}…)`);
  const token = ISSUED_TOKEN_PATTERN.exec(text);
  if (token) leaks.push(`an issued token (${token[0].slice(0, 10)}…)`);
  const lines = text.split('\n').filter(Boolean).length;
  if (leaks.length > 0) throw new Error(`secret leak check: ${lines} log lines scanned, found ${leaks.join(', ')}`);
  console.log(`secret leak check: ${lines} log lines from ${files.length} workers scanned, no secret or token found`);
}
