/** `sr-check completion bash|zsh|--orgs|--scenarios`: the script, or the names the script asks for. */
import { loadConfig } from '../config/load-config';
import { DEMO_ORG, NAMED_DEMO_ORGS } from '../demo';
import { listScenarios } from '../sim';
import { COMPLETION_SHELLS, completionScript, type CompletionShell } from './completion';
import { EXIT, type CliIo } from './io';

export function runCompletion(
  positionals: string[],
  options: { orgs: boolean; scenarios: boolean },
  io: CliIo,
  usageError: (message: string) => number,
): number {
  if (options.orgs) {
    // Quiet on a config that does not load: a completion must never print errors into the prompt.
    const path = io.env.SR_CHECK_CONFIG;
    const loaded = path ? loadConfig(path, io.env) : undefined;
    const names = loaded?.ok ? [...loaded.config.orgs.keys()] : [];
    io.stdout(`${[...new Set([...names, DEMO_ORG, ...Object.keys(NAMED_DEMO_ORGS)])].join('\n')}\n`);
    return EXIT.ok;
  }
  if (options.scenarios) {
    io.stdout(
      `${listScenarios()
        .map((s) => s.name)
        .join('\n')}\n`,
    );
    return EXIT.ok;
  }
  const [shell, extra] = positionals;
  if (shell === undefined) return usageError(`which shell? ${COMPLETION_SHELLS.join(' or ')}`);
  if (extra !== undefined) return usageError(`unexpected "${extra}"`);
  if (!(COMPLETION_SHELLS as readonly string[]).includes(shell))
    return usageError(`no completion for "${shell}" (${COMPLETION_SHELLS.join(' or ')})`);
  io.stdout(completionScript(shell as CompletionShell));
  return EXIT.ok;
}
