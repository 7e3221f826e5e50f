/**
 * The app's plain start-up settings (everything but the Slack tokens and the orgs file, which have their own
 * loaders) in one zod schema, so a bad LOG_LEVEL, a METRICS_PORT equal to PORT and a malformed database URL
 * are reported together, before anything starts, instead of one per restart (pino used to throw its raw
 * "unknown level" error at start). No message repeats SR_CHECK_DATABASE_URL: it may hold a password.
 */
import * as z from 'zod';
import type { ConfigIssue } from './issues';

/** pino's levels, in order, plus `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The probes and /metrics listener when METRICS_PORT is not set. */
export const DEFAULT_METRICS_PORT = 9090;

export interface StartupEnv {
  /** LOG_LEVEL; unset: the logger's default (info). */
  logLevel?: LogLevel;
  logPretty: boolean;
  demoEnabled: boolean;
  metricsPort: number;
  /** SR_CHECK_CHECK_THREAD (default 1): checks run in a worker thread of their own (src/check-thread/). */
  checkThread: boolean;
}

/** `FOO=` (common in compose files) counts as unset. */
const optionalText = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined),
  z.string().optional(),
);

const portText = z
  .string()
  .regex(/^\d{1,5}$/, { error: 'is not a port number (an integer from 1 to 65535)' })
  .transform(Number)
  .refine((port) => port >= 1 && port <= 65535, { error: 'is not a port number (an integer from 1 to 65535)' });

const flag = (what: string) =>
  z.enum(['0', '1'], { error: `must be 1 (${what} on) or 0 (off)` }).transform((value) => value === '1');

const StartupEnvSchema = z.object({
  LOG_LEVEL: optionalText.pipe(
    z
      .string()
      .transform((level) => level.toLowerCase())
      .pipe(z.enum(LOG_LEVELS, { error: `is not a log level; use one of ${LOG_LEVELS.join(', ')}` }))
      .optional(),
  ),
  LOG_PRETTY: optionalText.pipe(flag('human-readable logs').optional()),
  SR_CHECK_DEMO: optionalText.pipe(flag('demo org').optional()),
  SR_CHECK_CHECK_THREAD: optionalText.pipe(flag('checks in a thread of their own').optional()),
  METRICS_PORT: optionalText.pipe(portText.optional()),
  SR_CHECK_DATABASE_URL: optionalText.pipe(
    z
      .string()
      .refine((text) => URL.canParse(text) && /^postgres(ql)?:$/.test(new URL(text).protocol), {
        // Never the value: it may carry the password.
        error: 'is not a PostgreSQL URL (postgres://user:password@host:5432/database; the value is not shown here)',
      })
      .optional(),
  ),
  SR_CHECK_DATABASE_SCHEMA: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, {
        error: 'must be a plain schema name (letters, digits, _; at most 63)',
      })
      .optional(),
  ),
});

/**
 * Every problem with the plain settings, or their values. `slackPort` is PORT as the Slack settings read it
 * (undefined when PORT itself is wrong): METRICS_PORT, or its default, must differ from it.
 */
export function readStartupEnv(
  env: NodeJS.ProcessEnv,
  slackPort: number | undefined,
): { ok: true; value: StartupEnv } | { ok: false; errors: ConfigIssue[] } {
  const parsed = StartupEnvSchema.safeParse(env);
  const errors: ConfigIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? '');
        const shown = name === 'SR_CHECK_DATABASE_URL' ? '' : `${JSON.stringify(env[name]?.trim().slice(0, 20))} `;
        return { path: name, message: `${shown}${issue.message}` };
      });
  // Checked against PORT even when another setting is wrong, so both problems are listed at once.
  const metricsParsed = StartupEnvSchema.shape.METRICS_PORT.safeParse(env.METRICS_PORT);
  const metricsPort = metricsParsed.success ? (metricsParsed.data ?? DEFAULT_METRICS_PORT) : undefined;
  if (metricsPort !== undefined && metricsPort === slackPort) {
    const given = env.METRICS_PORT?.trim();
    errors.push({
      path: 'METRICS_PORT',
      message: given
        ? `must differ from PORT (${metricsPort}): probes and metrics stay off Slack's public listener`
        : `is not set, and its default (${metricsPort}) is PORT (${metricsPort}): probes and metrics stay off Slack's public listener`,
      ...(given ? {} : { hint: 'set METRICS_PORT to another free port, and point the probes and the scrape at it' }),
    });
  }
  if (!parsed.success || errors.length > 0) return { ok: false, errors };
  const data = parsed.data;
  return {
    ok: true,
    value: {
      ...(data.LOG_LEVEL ? { logLevel: data.LOG_LEVEL } : {}),
      logPretty: data.LOG_PRETTY ?? false,
      demoEnabled: data.SR_CHECK_DEMO ?? false,
      metricsPort: metricsPort ?? DEFAULT_METRICS_PORT,
      checkThread: data.SR_CHECK_CHECK_THREAD ?? true,
    },
  };
}
