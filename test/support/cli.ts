/** Runs the CLI in-process and captures what it prints and its exit status. */
import { runCli, type CliIo } from '../../src/cli/main';

export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `io` overrides the fake streams' extras: which streams are terminals, what stdin holds. */
export async function runCliCaptured(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
  io: Partial<Pick<CliIo, 'tty' | 'readStdin' | 'stdout' | 'columns'>> = {},
): Promise<CapturedRun> {
  let stdout = '';
  let stderr = '';
  const fake: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env,
    readStdin: async () => '',
    ...io,
  };
  const code = await runCli(argv, fake);
  return { code, stdout, stderr };
}
