/** What every CLI command gets to talk to the world (tests pass fakes), and the exit codes they answer with. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  readStdin: () => Promise<string>;
  /** For --watch: the wait between re-runs and the clock (tests pass fakes; default real time). */
  sleep?: (ms: number) => Promise<void>;
  clock?: () => number;
}

export const EXIT = { ok: 0, fail: 1, usage: 2, unknown: 3 } as const;
