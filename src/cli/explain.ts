/**
 * `sr-check explain [FILE] [--json]`: reads a pasted error (a file, or stdin) and answers it as the Slack paste
 * listener would: the finding, or why it is not a Genesys 403, plus any false premises in the text.
 * `--json` prints the parse as before plus `confidence` (high, medium or low: low is what Slack stays silent
 * on), `held` (what the text says the identity already has), `decision` (explain, hint, secrets or silent:
 * what Slack would answer, from src/paste/decision.ts) and `secrets` (kinds and lines, never values) at the
 * top level, with `warning` (the rotate warning) when the text carries a credential.
 */
import { readSmallRegularFile } from '../config/read-file';
import { answerSecrets, decideAnswer, describeFinding, describePremises, findPremises, rotateWarning } from '../paste';
import { EXIT, type CliIo } from './io';

/** The most a pasted error may be: far more than any real report, little enough that /dev/zero cannot stall us. */
const MAX_PASTE_BYTES = 1024 * 1024;

/** Flags and FILE are checked by the dispatcher (src/cli/main.ts), which also answers --help from commands.ts. */
export async function runExplain(options: { file?: string; json: boolean }, io: CliIo): Promise<number> {
  const { file } = options;
  let text: string;
  if (file) {
    const read = readSmallRegularFile(file, MAX_PASTE_BYTES);
    if (!read.ok) {
      io.stderr(`sr-check: cannot read ${file}: ${read.problem}\n`);
      return EXIT.usage;
    }
    text = read.text;
  } else {
    text = await io.readStdin();
  }
  // Asked: running explain on a text is asking about it, as the Slack shortcut is.
  const { parse, answer } = decideAnswer(text, undefined, 'ask');
  const secrets = answerSecrets(answer);
  const warning = secrets.length > 0 ? rotateWarning(secrets) : undefined;
  const added = { decision: answer.kind, secrets, ...(warning ? { warning } : {}) };
  // Made-up scopes, role names, places and claims are answered even when the text carries no 403.
  const premises = parse.kind === 'genesys-403' ? [] : findPremises(text);
  if (options.json) {
    const confidence = parse.kind === 'genesys-403' ? parse.finding.confidence : 'low';
    const held = parse.kind === 'genesys-403' ? parse.finding.held : [];
    io.stdout(
      `${JSON.stringify(parse.kind === 'genesys-403' ? { ...parse, confidence, held, ...added } : { ...parse, premises, confidence, held, ...added }, null, 2)}\n`,
    );
  } else if (parse.kind === 'genesys-403') {
    io.stdout(`${describeFinding(parse.finding).join('\n')}\n`);
  } else if (parse.kind === 'other-genesys-status') {
    io.stdout(
      `Not a 403: Genesys answered ${parse.status}. ${parse.hint}\n${describePremises(premises)
        .map((l) => `${l}\n`)
        .join('')}${warning ? `${warning}\n` : ''}`,
    );
  } else {
    io.stdout(
      `No Genesys Cloud 403 found in that text.\n${describePremises(premises)
        .map((l) => `${l}\n`)
        .join('')}${warning ? `${warning}\n` : ''}`,
    );
  }
  return parse.kind === 'genesys-403' ? EXIT.ok : EXIT.fail;
}
