/**
 * Colours for the terminal, through Node's own `util.styleText` (Node 20.12+). On only when stdout is a
 * terminal and neither NO_COLOR (https://no-color.org: set and not empty) nor TERM=dumb says otherwise, so
 * pipes, files and CI logs get plain text.
 */
import { styleText } from 'node:util';
import type { CheckStatus } from '../diagnosis/verdict';
import type { CliIo } from './io';

type Style = Parameters<typeof styleText>[0];

const STATUS_STYLE: Record<CheckStatus, Style> = {
  pass: 'green',
  fail: ['red', 'bold'],
  warn: 'yellow',
  unknown: 'magenta',
  skipped: 'dim',
};

export interface Colours {
  enabled: boolean;
  /** A verdict status word (PASS, FAIL…) or a line standing for one. */
  status(status: CheckStatus, text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export function coloursFor(io: Pick<CliIo, 'env' | 'tty'>): Colours {
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  const enabled = io.tty?.stdout === true && !noColor && io.env.TERM !== 'dumb';
  const paint = (style: Style, text: string) => (enabled ? styleText(style, text) : text);
  return {
    enabled,
    status: (status, text) => paint(STATUS_STYLE[status], text),
    dim: (text) => paint('dim', text),
    bold: (text) => paint('bold', text),
  };
}
