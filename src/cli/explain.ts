/**
 * `sr-check explain [FILE] [--json]`: reads a pasted error (a file, or stdin) and answers it as the Slack paste
 * listener would: the finding, or why it is not a Genesys 403, plus any false premises in the text.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { describeFinding, describePremises, findPremises, parsePastedError } from '../paste';
import { EXIT, type CliIo } from './io';

export async function runExplain(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { json: { type: 'boolean' } } });
  } catch (error) {
    io.stderr(`${(error as Error).message}\nUsage: sr-check explain [FILE] [--json]\n`);
    return EXIT.usage;
  }
  const [file, extra] = parsed.positionals;
  if (extra) {
    io.stderr('Usage: sr-check explain [FILE] [--json]\n');
    return EXIT.usage;
  }
  let text: string;
  try {
    text = file ? readFileSync(file, 'utf8') : await io.readStdin();
  } catch (error) {
    io.stderr(`sr-check: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}\n`);
    return EXIT.usage;
  }
  const parse = parsePastedError(text);
  // Made-up scopes, role names, places and claims are answered even when the text carries no 403.
  const premises = parse.kind === 'genesys-403' ? [] : findPremises(text);
  if (parsed.values.json) {
    io.stdout(`${JSON.stringify(parse.kind === 'genesys-403' ? parse : { ...parse, premises }, null, 2)}\n`);
  } else if (parse.kind === 'genesys-403') {
    io.stdout(`${describeFinding(parse.finding).join('\n')}\n`);
  } else if (parse.kind === 'other-genesys-status') {
    io.stdout(`Not a 403: Genesys answered ${parse.status}. ${parse.hint}\n${describePremises(premises).map((l) => `${l}\n`).join('')}`);
  } else {
    io.stdout(`No Genesys Cloud 403 found in that text.\n${describePremises(premises).map((l) => `${l}\n`).join('')}`);
  }
  return parse.kind === 'genesys-403' ? EXIT.ok : EXIT.fail;
}
