/**
 * Runs one CLI command in this process (its output thrown away), then prints the modules it loaded, one per
 * line, on stdout: a fresh process, so nothing another test loaded counts.
 */
import { runCli } from '../../../src/cli/main';

const quiet = { stdout: () => undefined, stderr: () => undefined, env: {}, readStdin: async () => '' };
void runCli(process.argv.slice(2), quiet).then(() => {
  process.stdout.write(Object.keys(require.cache).join('\n'));
});
