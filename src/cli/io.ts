/** What every CLI command gets to talk to the world (tests pass fakes), and the exit codes they answer with. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  readStdin: () => Promise<string>;
  /** Which streams are terminals (absent = not a terminal): decides colours and the "paste, then Ctrl-D" hint. */
  tty?: { stdin?: boolean; stdout?: boolean; stderr?: boolean };
  /** For --watch: the wait between re-runs and the clock (tests pass fakes; default real time). */
  sleep?: (ms: number) => Promise<void>;
  clock?: () => number;
}

/**
 * Exit status of every command. `internal` is a bug or an unexpected failure inside sr-check (distinct from
 * `usage`, so scripts can tell "you called it wrong" from "it broke").
 */
export const EXIT = { ok: 0, fail: 1, usage: 2, unknown: 3, internal: 4 } as const;
