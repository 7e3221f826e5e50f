/** What every CLI command gets to talk to the world (tests pass fakes), and the exit codes they answer with. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  readStdin: () => Promise<string>;
  /** Which streams are terminals (absent = not a terminal): decides colours and the "paste, then Ctrl-D" hint. */
  tty?: { stdin?: boolean; stdout?: boolean; stderr?: boolean };
  /** The terminal's width when stdout is one (text is wrapped to it; else to $COLUMNS, or not at all). */
  columns?: number;
  /** For --watch: the wait between re-runs and the clock (tests pass fakes; default real time). */
  sleep?: (ms: number) => Promise<void>;
  clock?: () => number;
}

/**
 * Exit status of every command. `internal` is a bug or an unexpected failure inside sr-check (distinct from
 * `usage`, so scripts can tell "you called it wrong" from "it broke").
 */
export const EXIT = { ok: 0, fail: 1, usage: 2, unknown: 3, internal: 4 } as const;

/** Columns to wrap text to: the terminal's, else a positive $COLUMNS, else none (a pipe: lines stay whole). */
export function wrapWidth(io: Pick<CliIo, 'columns' | 'env'>): number | undefined {
  if (io.columns !== undefined && io.columns > 0) return io.columns;
  const columns = Number(io.env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : undefined;
}
