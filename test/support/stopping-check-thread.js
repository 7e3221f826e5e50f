/**
 * A check thread that stops (exit code 3) when asked to diagnose a request whose id is `stop`, before it answers;
 * otherwise it is the real one (src/check-thread/worker.ts, loaded through tsx as the host loads it under vitest).
 * For the host's handling of a thread that dies mid-call (test/unit/check-thread/host.test.ts).
 */
const { join } = require('node:path');
const { parentPort } = require('node:worker_threads');

parentPort.on('message', (message) => {
  if (message.type === 'diagnoser' && message.args[1] === 'stop') process.exit(3);
});
require(join(__dirname, '..', '..', 'src', 'check-thread', 'worker.ts'));
