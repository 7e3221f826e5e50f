/**
 * A command's module is loaded when the command runs, not when the CLI starts: `--version`, `--help` and
 * `help X` then load the argument parser and the help table only (no catalog, config stack, Genesys client,
 * Slack, store or simulator). The CLI is CommonJS, so `import()` here is a `require` on first call.
 */
export function lazy<A extends unknown[], R>(
  load: () => Promise<(...args: A) => R | Promise<R>>,
): (...args: A) => Promise<R> {
  return async (...args) => (await load())(...args);
}
