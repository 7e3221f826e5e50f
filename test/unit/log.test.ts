/**
 * The positive control for the suite-wide leak check (test/setup/global.ts): redaction really removes
 * secrets from log lines, and a Secret never prints its value however it is logged.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/secret';
import { createLogger, setLogCapture } from '../../src/log';

const SECRET = 'xoxb-LEAKCANARY-redaction-control';

function captureLines(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

afterEach(() => setLogCapture(undefined));

describe('log redaction', () => {
  it('removes secrets at the configured paths', () => {
    const { lines, stream } = captureLines();
    setLogCapture(stream as never);
    const logger = createLogger({ level: 'debug' });
    logger.info(
      {
        headers: { authorization: `Bearer ${SECRET}` },
        org: { clientSecret: SECRET },
        token: SECRET,
        botToken: SECRET,
      },
      'request',
    );
    expect(lines.join('')).toContain('[redacted]');
    expect(lines.join('')).not.toContain(SECRET);
  });

  it('prints a Secret as [redacted] wherever it lands', () => {
    const { lines, stream } = captureLines();
    setLogCapture(stream as never);
    const logger = createLogger({ level: 'debug' });
    const secret = new Secret(SECRET);
    logger.info({ nested: { anything: secret }, list: [secret] }, `message with ${secret}`);
    expect(lines.join('')).not.toContain(SECRET);
    expect(JSON.stringify({ secret })).not.toContain(SECRET);
    expect(secret.reveal()).toBe(SECRET);
  });

  it('would see a secret logged outside the redacted paths (the scan is not vacuous)', () => {
    const { lines, stream } = captureLines();
    setLogCapture(stream as never);
    createLogger({ level: 'debug' }).info({ unexpectedField: 'LEAK' + 'CANARY' }, 'control');
    expect(lines.join('')).toContain('LEAKCANARY');
  });
});
