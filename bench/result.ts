/** What every benchmark returns to the runner (bench/run.ts): one table of rows, and notes under it. */
export interface BenchResult {
  name: string;
  rows: Array<Record<string, string | number>>;
  notes?: string[];
}
