/**
 * Every worker writes all pino output of the suite into .test-logs/, so global teardown can prove that
 * no secret or issued token ever reached a log line (see test/setup/global.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { setLogCapture } from '../../src/log';

export const TEST_LOG_DIR = join(__dirname, '..', '..', '.test-logs');
mkdirSync(TEST_LOG_DIR, { recursive: true });
setLogCapture(pino.destination({ dest: join(TEST_LOG_DIR, `worker-${process.pid}.log`), sync: true, append: true }));
