/**
 * Configuration problems as data: every validation step returns `ConfigIssue`s instead of throwing, so
 * the loader can list all of them at once and the process can print them without a stack trace.
 */
export interface ConfigIssue {
  /** Where in the file (or which environment variable): `orgs.acme.diagnostic.clientSecretEnv`, `PORT`; '' for the file as a whole. */
  path: string;
  message: string;
  /** A suggestion, e.g. `did you mean "approvers"?`. */
  hint?: string;
}

export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `['orgs', 'acme', 'channels', 0]` → `orgs.acme.channels[0]`; odd keys are quoted so the path stays unambiguous. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** One line per issue, for stderr: `orgs.acme.region: "us-east" is not a region (did you mean "us-east-1"?)`. */
export function formatConfigIssues(issues: readonly ConfigIssue[]): string {
  return issues
    .map((issue) => {
      const where = issue.path === '' ? '' : `${issue.path}: `;
      const hint = issue.hint ? ` (${oneLine(issue.hint)})` : '';
      return `${where}${oneLine(issue.message)}${hint}`;
    })
    .join('\n');
}

/** Shows a user-supplied value in a message without letting a long or multi-line value take over the line. */
export function quoteValue(value: unknown, max = 60): string {
  const text = typeof value === 'string' ? value : String(value);
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(cut);
}
