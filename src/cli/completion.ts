/**
 * `sr-check completion bash|zsh`: a shell completion script for commands, their flags, the check's keys, and
 * the values of `org=` and `scenario=`. Names that depend on the installation are asked for at completion time
 * (`sr-check completion --orgs`: the configured orgs from $SR_CHECK_CONFIG and the demo ones; `--scenarios`:
 * the simulator's scenarios), so the script never goes stale. The static words come from the command table.
 */
import { FLAGS, KEYS } from '../request/words';
import { COMMANDS } from './commands';

export const COMPLETION_SHELLS = ['bash', 'zsh'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

/** The first word: every command, and the check's keys (`org=` starts a check). */
export function commandWords(): string[] {
  const commands = [...new Set(Object.keys(COMMANDS).map((name) => name.split(' ')[0]!))].filter((n) => n !== 'check');
  return [...commands, ...checkWords()];
}

/** The check's words: `org=`, `client=`, …, `fresh`, `watch`, and its flags. */
export function checkWords(): string[] {
  return [...KEYS.map((key) => `${key}=`), ...FLAGS, ...flagWords('check')];
}

function flagWords(command: string): string[] {
  const options = COMMANDS[command]?.options ?? {};
  return [
    ...Object.entries(options).flatMap(([name, spec]) => [`--${name}`, ...(spec.short ? [`-${spec.short}`] : [])]),
    '--help',
  ];
}

/** `case` arms: what follows each command word (its flags, or its second word). */
function followers(): Array<[string, string[]]> {
  const rows: Array<[string, string[]]> = [];
  for (const name of Object.keys(COMMANDS)) {
    if (name === 'check') continue;
    const [first, second] = name.split(' ');
    if (second) rows.push([first!, [second, ...flagWords(name)]]);
    else rows.push([first!, name === 'completion' ? [...COMPLETION_SHELLS] : flagWords(name)]);
  }
  return rows;
}

export function completionScript(shell: CompletionShell): string {
  const arms = followers()
    .map(([word, next]) => `    ${word}) sr_words="${next.join(' ')}" ;;`)
    .join('\n');
  const body = `_sr_check_words() {
  # $1: the words before the cursor (the command name removed); sets \`sr_words\` to the candidates.
  local first="$1"
  case "$first" in
${arms}
    *) sr_words="${checkWords().join(' ')}" ;;
  esac
  if [ -z "$first" ]; then sr_words="${commandWords().join(' ')}"; fi
}`;
  if (shell === 'bash')
    return `# sr-check completion for bash. Load it with: source <(sr-check completion bash)
${body}
_sr_check() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local first=""
  [ "$COMP_CWORD" -gt 1 ] && first="\${COMP_WORDS[1]}"
  case "$cur" in
    org=*) COMPREPLY=( $(compgen -P org= -W "$(sr-check completion --orgs 2>/dev/null)" -- "\${cur#org=}") ); return ;;
    scenario=*) COMPREPLY=( $(compgen -P scenario= -W "$(sr-check completion --scenarios 2>/dev/null)" -- "\${cur#scenario=}") ); return ;;
  esac
  local sr_words
  _sr_check_words "$first"
  COMPREPLY=( $(compgen -W "$sr_words" -- "$cur") )
  [[ "\${COMPREPLY[0]}" == *= ]] && compopt -o nospace
}
complete -F _sr_check sr-check
`;
  return `#compdef sr-check
# sr-check completion for zsh. Load it with: source <(sr-check completion zsh)
${body}
_sr_check() {
  local cur="\${words[CURRENT]}" first="" candidates
  (( CURRENT > 2 )) && first="\${words[2]}"
  case "$cur" in
    org=*) compadd -P org= -- \${(f)"$(sr-check completion --orgs 2>/dev/null)"}; return ;;
    scenario=*) compadd -P scenario= -- \${(f)"$(sr-check completion --scenarios 2>/dev/null)"}; return ;;
  esac
  local sr_words
  _sr_check_words "$first"
  candidates=(\${=sr_words})
  compadd -S '' -- \${(M)candidates:#*=}
  compadd -- \${candidates:#*=}
}
compdef _sr_check sr-check
`;
}
