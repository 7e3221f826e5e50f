/**
 * Bolt's Logger interface over our pino logger, so Bolt's and the Web API client's own lines land in the
 * same (redacted, captured) log. Their messages are free text, so known secrets and anything shaped like
 * a Slack token are masked before they are written.
 */
import { format } from 'node:util';
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

const SLACK_TOKEN = /\bx(?:ox[a-z]|app)-[A-Za-z0-9-]+/g;

export function createBoltLogger(logger: Logger, secrets: string[] = []): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  const masked = secrets.filter((s) => s.length >= 6);
  const scrub = (text: string): string => {
    let out = text.replace(SLACK_TOKEN, '[redacted]');
    for (const secret of masked) out = out.split(secret).join('[redacted]');
    return out;
  };
  const line = (args: unknown[]): string =>
    scrub(format(...args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : a))));
  // A line below the logger's level is dropped before it is formatted and scrubbed: Bolt and the Web API client
  // log several debug lines per request (issue 26: that formatting was a measurable part of an ack's CPU).
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]): void => {
      if (child.isLevelEnabled(level)) child[level](line(args));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: (level: LogLevel) => {
      child.level = level;
    },
    getLevel: () => {
      const level = child.level;
      if (level === 'debug' || level === 'trace') return LogLevel.DEBUG;
      if (level === 'info') return LogLevel.INFO;
      if (level === 'warn') return LogLevel.WARN;
      return LogLevel.ERROR;
    },
    setName: () => {
      // The name is the `component` field; Bolt's own names would only add noise.
    },
  };
}
