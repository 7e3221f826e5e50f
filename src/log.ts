/**
 * The one pino logger, and the one way to log an error: `logger.warn({ err: error }, '…')`. The `err`
 * serializer keeps a name, a message (shortened, with token-shaped strings scrubbed) and a Slack Web API code,
 * never an error's request config or headers (a Bolt or HTTP client error can carry the bearer token there).
 * Secrets are also redacted by path; `Secret` values print as `[redacted]` anyway, and tokens never enter log
 * objects (the Genesys client logs operations, not headers). Levels are strings (`"level":"info"`), as log
 * collectors expect. The Slack app logs to stdout; the CLI to stderr (its stdout is the verdict). The environment
 * is not read here: the entry point passes LOG_LEVEL and LOG_PRETTY in (src/index.ts).
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export const REDACT_PATHS = [
  'token',
  'secret',
  'clientSecret',
  'access_token',
  'authorization',
  '*.clientSecret',
  '*.client_secret',
  '*.secret',
  '*.token',
  '*.access_token',
  '*.accessToken',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'headers.Authorization',
  'req.headers.authorization',
  'req.headers["x-slack-signature"]',
  'config.headers.Authorization',
  'botToken',
  'appToken',
  'signingSecret',
];

/** Slack tokens, bearer credentials and simulator tokens, wherever an error message echoes one. */
const TOKEN_SHAPES =
  /\b(?:xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|simtok_[A-Za-z0-9_-]+)|\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;

/** An error as it appears in a log line. */
export interface LoggedError {
  name: string;
  message: string;
  /** The Slack Web API error code (`not_in_channel`, `ratelimited`): see slackErrorCode. */
  code?: string;
}

/**
 * The Web API error code (`not_in_channel`) of a WebAPIPlatformError, if that is what this is; `ratelimited` (what
 * Slack itself says with a 429) for the WebClient's WebAPIRateLimitedError, a call it gave up on after a 429.
 */
export function slackErrorCode(error: unknown): string | undefined {
  const failure = error as { data?: { error?: unknown }; code?: unknown } | undefined;
  if (failure?.code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  const code = failure?.data?.error;
  return typeof code === 'string' && /^[a-z_]{1,60}$/.test(code) ? code : undefined;
}

/** Name, scrubbed message and Slack code only: never an error's request config (it can carry tokens). */
export function serializeError(error: unknown): LoggedError {
  const scrub = (text: string) =>
    text
      .slice(0, 300)
      .replace(TOKEN_SHAPES, (_m, scheme: string | undefined) => (scheme ? `${scheme} [redacted]` : '[redacted]'));
  if (error instanceof Error) {
    const code = slackErrorCode(error);
    return { name: error.name, message: scrub(error.message), ...(code ? { code } : {}) };
  }
  return { name: 'NonError', message: scrub(String(error)) };
}

export interface LoggerOptions {
  /** Default `info` (`debug` while a capture is set: the test suite scans every line for secrets). */
  level?: string;
  name?: string;
  /** LOG_PRETTY=1: human-readable lines (pino-pretty) instead of JSON. */
  pretty?: boolean;
  /** stdout (the Slack app's service logs) or stderr (the default: the CLI's stdout is its answer). */
  to?: 'stdout' | 'stderr';
  /** Where lines go instead (tests). */
  destination?: DestinationStream;
}

/** Every logger the process makes; tests add a destination to capture all output. */
let extraDestination: DestinationStream | undefined;

export function setLogCapture(destination: DestinationStream | undefined): void {
  extraDestination = destination;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? extraDestination;
  const base = {
    level: options.level ?? (extraDestination ? 'debug' : 'info'),
    name: options.name ?? 'sr-check',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError },
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (destination) return pino(base, destination);
  if (options.pretty) return pino({ ...base, transport: { target: 'pino-pretty' } });
  return pino(base, pino.destination(options.to === 'stdout' ? 1 : 2));
}
