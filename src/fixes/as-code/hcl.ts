/**
 * Writing HCL (Terraform's native syntax) safely: string literals, comments and block labels built from names that
 * come from Genesys (role, division and client names are free text an admin typed). Per the HCL native syntax
 * spec: a quoted string escapes `\` `"` and control characters, and `${` / `%{` start templates, written
 * literally as `$${` / `%%{`; a `#` comment runs to the end of the line; a label used as a Terraform name is an
 * identifier (letters, digits, `_`, `-`; not starting with a digit or `-`). HCL reads every string in Unicode NFC
 * (escapes too), so a name that is not in NFC is looked up in its NFC form; nothing here can change that.
 */

const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/g;

/** A quoted HCL string whose value is exactly `value`. */
export function hclString(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '\\') out += '\\\\';
    else if (char === '"') out += '\\"';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0x85 || code === 0x2028 || code === 0x2029)
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  // Template sequences: `${` and `%{` would interpolate; doubled, they are the literal text.
  return `"${out.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')}"`;
}

/** A list of strings: `["a", "b"]`. */
export function hclStringList(values: readonly string[]): string {
  return `[${values.map(hclString).join(', ')}]`;
}

/** Text safe inside a `#` comment: one line, no control characters. */
export function commentText(text: string, max = 200): string {
  const flat = text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A quoted name inside a comment: `"Screen Recording Viewer"`, flattened to one line. */
export function quotedName(name: string): string {
  return `"${commentText(name, 120)}"`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function isIdentifier(label: string): boolean {
  return IDENTIFIER.test(label);
}

/**
 * A Terraform name from free text: lower case, runs of anything but letters and digits become `_`, at most 48
 * characters; `fallback` when nothing is left; `_` in front when it would start with a digit.
 */
export function labelFrom(text: string, fallback: string): string {
  const base = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 48)
    .replace(/_+$/g, '');
  const label = base || fallback;
  return /^[0-9]/.test(label) ? `_${label}` : label;
}

/** Hands out labels unique within one file: `home`, `home_2`, … */
export class LabelBook {
  private readonly used = new Set<string>();

  take(text: string, fallback: string): string {
    const base = labelFrom(text, fallback);
    let label = base;
    for (let n = 2; this.used.has(label); n += 1) label = `${base}_${n}`;
    this.used.add(label);
    return label;
  }
}

/** Attribute lines `name = value` with the `=` aligned, as `terraform fmt` writes them. */
export function alignedAttributes(pairs: Array<[string, string, string?]>, indent: string): string[] {
  const width = Math.max(...pairs.map(([name]) => name.length));
  return pairs.map(
    ([name, value, comment]) =>
      `${indent}${name.padEnd(width)} = ${value}${comment ? ` # ${commentText(comment)}` : ''}`,
  );
}
