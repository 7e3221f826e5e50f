/**
 * `sr-check explain [FILE] [--json]`: reads a pasted error (a file, or stdin) and answers it as the Slack paste
 * listener would: the finding, or why it is not a Genesys 403, plus any false premises in the text.
 * `--json` prints the parse as before plus `confidence` (high, medium or low: low is what Slack stays silent
 * on) and `held` (what the text says the identity already has) at the top level.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { describeFinding, describePremises, findPremises, parsePastedError } from '../paste';
import { EXIT, type CliIo } from './io';

export const EXPLAIN_USAGE = `Usage: sr-check explain [FILE] [--json]

Reads a pasted Genesys Cloud error (FILE, or stdin) and explains it as the Slack app would: the 403's code,
the permissions it names, the endpoint and what it needs per the permission catalog, the likely layer, what
the text says the identity already has, and any false premises (made-up scopes, role names, places).

Options:
  --json   print the parse as JSON (kind, finding, confidence: high|medium|low, held)
  --help   print this help

Exit: 0 a Genesys 403 was found, 1 none was, 2 usage error.
`;

export async function runExplain(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${EXPLAIN_USAGE}`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    io.stdout(EXPLAIN_USAGE);
    return EXIT.ok;
  }
  const [file, extra] = parsed.positionals;
  if (extra) {
    io.stderr(EXPLAIN_USAGE);
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
    const confidence = parse.kind === 'genesys-403' ? parse.finding.confidence : 'low';
    const held = parse.kind === 'genesys-403' ? parse.finding.held : [];
    io.stdout(`${JSON.stringify(parse.kind === 'genesys-403' ? { ...parse, confidence, held } : { ...parse, premises, confidence, held }, null, 2)}\n`);
  } else if (parse.kind === 'genesys-403') {
    io.stdout(`${describeFinding(parse.finding).join('\n')}\n`);
  } else if (parse.kind === 'other-genesys-status') {
    io.stdout(`Not a 403: Genesys answered ${parse.status}. ${parse.hint}\n${describePremises(premises).map((l) => `${l}\n`).join('')}`);
  } else {
    io.stdout(`No Genesys Cloud 403 found in that text.\n${describePremises(premises).map((l) => `${l}\n`).join('')}`);
  }
  return parse.kind === 'genesys-403' ? EXIT.ok : EXIT.fail;
}
