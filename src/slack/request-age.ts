/**
 * Refuses Slack requests dated more than 5 minutes ahead of our clock. Bolt's verification (signature, and
 * timestamps more than 5 minutes old) still runs for everything else; it only looks backwards, so a signed
 * request captured with a future timestamp could otherwise be replayed until that time comes.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

/** Slack's own window: a request may be at most this far from our clock, either way. */
export const MAX_REQUEST_SKEW_SECONDS = 5 * 60;

/** True when the request's x-slack-request-timestamp is more than MAX_REQUEST_SKEW_SECONDS ahead of `nowMs`. */
export function datedTooFarAhead(req: Pick<IncomingMessage, 'headers'>, nowMs: number = Date.now()): boolean {
  const header = req.headers['x-slack-request-timestamp'];
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(seconds) && seconds > Math.floor(nowMs / 1000) + MAX_REQUEST_SKEW_SECONDS;
}

/** Wraps the receiver's request listener: future-dated requests get 401 before Bolt sees them. */
export function refuseFutureDated(inner: RequestListener, logger: Logger): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (!datedTooFarAhead(req)) return inner(req, res);
    logger.warn({ path: (req.url ?? '').split('?')[0] }, 'refused a request dated more than 5 minutes ahead');
    // Drain the body so the connection can be reused, then answer as Bolt does for a bad signature.
    req.resume();
    res.writeHead(401);
    res.end();
  };
}
