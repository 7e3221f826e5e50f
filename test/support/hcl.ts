/**
 * Reads HCL that sr-check prints with a real HCL parser (@cdktf/hcl2json: HashiCorp's HCL v2 parser compiled to
 * WebAssembly; it runs offline) and checks every resource, data source and attribute name against the provider's
 * documented schema vendored in src/fixes/as-code/provider-schema.ts.
 * Loaded by a module name held in a variable: the package's type declarations pull in the DOM library, whose
 * fetch types clash with the Slack Web API's in a whole-project type check.
 */
import { DOCUMENTED_SCHEMAS, type DocumentedAttribute } from '../../src/fixes/as-code/provider-schema';

/** Terraform's JSON form: `resource.<type>.<label>[0]` / `data.<type>.<label>[0]`, blocks as arrays. */
export type HclJson = {
  resource?: Record<string, Record<string, Array<Record<string, unknown>>>>;
  data?: Record<string, Record<string, Array<Record<string, unknown>>>>;
};

const HCL_PARSER_MODULE = '@cdktf/hcl2json';
type Parse = (filename: string, contents: string) => Promise<unknown>;
let parser: Promise<Parse> | undefined;

export async function parseHcl(text: string): Promise<HclJson> {
  parser ??= (import(HCL_PARSER_MODULE) as Promise<{ parse: Parse }>).then((m) => m.parse);
  return (await (
    await parser
  )('change.tf', text)) as HclJson;
}

/**
 * The text a JSON-syntax template string stands for: hcl2json writes strings as Terraform JSON templates, where a
 * literal `${` / `%{` is `$${` / `%%{` (a `${…}` still there is an expression, e.g. a data source reference).
 */
export function templateLiteral(value: string): string {
  return value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

/** Every name in `json` that the vendored provider schema does not document (empty when all are documented). */
export function undocumentedNames(json: HclJson): string[] {
  const problems: string[] = [];
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byLabel] of Object.entries(json[kind] ?? {})) {
      const schema = DOCUMENTED_SCHEMAS.find((s) => s.kind === kind && s.name === type);
      if (!schema) {
        problems.push(`${kind} ${type}`);
        continue;
      }
      for (const [label, bodies] of Object.entries(byLabel))
        for (const body of bodies) checkBody(`${type}.${label}`, body, schema.attributes, problems);
    }
  }
  return problems;
}

function checkBody(
  where: string,
  body: Record<string, unknown>,
  attributes: Record<string, DocumentedAttribute>,
  problems: string[],
): void {
  for (const [name, value] of Object.entries(body)) {
    const attribute = attributes[name];
    if (!attribute) {
      problems.push(`${where}.${name}`);
      continue;
    }
    if (attribute.type === 'block-set') {
      if (!Array.isArray(value)) problems.push(`${where}.${name} is not a block`);
      else
        for (const entry of value as Array<Record<string, unknown>>)
          checkBody(`${where}.${name}`, entry, attribute.nested ?? {}, problems);
    } else if (attribute.type === 'set-of-string') {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
        problems.push(`${where}.${name} is not a list of strings`);
    } else if (typeof value !== 'string') problems.push(`${where}.${name} is not a string`);
  }
}
