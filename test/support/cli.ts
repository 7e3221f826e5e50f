/** Runs the CLI in-process and captures what it prints and its exit status. */
import { runCli, type CliIo } from '../../src/cli/main';

export async function runCliCaptured(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, readStdin: async () => '' };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
