/**
 * The one pino logger. Secrets are redacted by path; `Secret` values print as `[redacted]` anyway,
 * and tokens never enter log objects (the Genesys client logs operations, not headers).
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

/** Every logger the process makes; tests add a destination to capture all output. */
let extraDestination: DestinationStream | undefined;

export function setLogCapture(destination: DestinationStream | undefined): void {
  extraDestination = destination;
}

export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? (process.env.VITEST ? 'debug' : 'info');
  const base = { level, name: options.name ?? 'sr-check', redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  if (extraDestination) return pino(base, extraDestination);
  if (process.env.LOG_PRETTY === '1') return pino({ ...base, transport: { target: 'pino-pretty' } });
  return pino(base, pino.destination(process.env.VITEST ? '/dev/null' : 2));
}
