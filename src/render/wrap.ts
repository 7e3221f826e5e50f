/**
 * Word wrap for the terminal renderers: a line longer than the width breaks at spaces, continuation lines
 * indented by `hang`. ANSI colour sequences (added by the CLI's painter) take no width. A word longer than
 * the width (a URL, a permission string) is never broken: it overflows, so it can still be copied whole.
 */

/** The colour sequences the painter adds. */
const ANSI = /\u001b\[[0-9;]*m/g;

export function visibleLength(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

/** The narrowest width wrapped to: below this a terminal is too narrow for wrapping to help. */
export const MIN_WRAP_WIDTH = 40;

export function wrapLine(line: string, width: number | undefined, hang: number): string[] {
  if (width === undefined || visibleLength(line) <= width) return [line];
  const target = Math.max(width, MIN_WRAP_WIDTH);
  const indent = /^ */.exec(line)![0];
  const words = line.slice(indent.length).split(' ');
  const pad = ' '.repeat(Math.min(hang, target - 20));
  const out: string[] = [];
  let current = indent;
  let currentLength = indent.length;
  let empty = true;
  for (const word of words) {
    const length = visibleLength(word);
    if (!empty && currentLength + 1 + length > target) {
      out.push(current);
      current = pad + word;
      currentLength = pad.length + length;
      continue;
    }
    current += empty ? word : ` ${word}`;
    currentLength += (empty ? 0 : 1) + length;
    empty = false;
  }
  out.push(current);
  return out;
}
