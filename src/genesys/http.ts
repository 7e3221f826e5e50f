/**
 * One HTTP exchange with a Genesys host, on Node's own http/https modules. It replaced axios here for CPU
 * (issue 26): the thread that talks to Genesys is the one that acks Slack and runs 200 orgs' checks, and axios'
 * layers (config merging, header objects, interceptors, transforms) cost it ~0.39 ms per request where the
 * http module under them costs ~0.12 ms (6,000 loopback POSTs, concurrency 8, the calling thread's CPU).
 * undici (~0.10 ms) was tried and not taken: its HTTP parser is WebAssembly that V8 re-optimises after the first
 * answer, ~0.15 s of CPU that Node waits for before exiting, which a one-check CLI run would pay every time.
 * The answer is what axios gave this client: any status is a value (only transport failures reject), no
 * redirect is followed (a redirect is an answer to report, and must not carry the bearer token elsewhere), the
 * body decoded the same way, the headers as Node gives them (lower-case names, its rules for repeated ones).
 * Sockets are kept alive in Node's global agents, as they were under axios.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { decodeJson } from './shared-parse';

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  /** A string is sent as is, anything else as JSON. */
  body?: unknown;
  /** The whole exchange, connecting to the last byte of the body. */
  timeoutMs: number;
  /** Keep the body as the bytes received (a Buffer) instead of decoding it. */
  raw?: boolean;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, unknown>;
  /** Parsed JSON when the body is JSON, else its text ('' when empty); a Buffer when `raw`. */
  data: unknown;
}

/**
 * What a request that timed out rejects with: `ECONNABORTED` is the code axios gave a timed-out request, so
 * errors and verdicts read as they did (transportError maps it to a timeout).
 */
class AttemptTimedOut extends Error {
  readonly code = 'ECONNABORTED';
}

/** Axios asked for these, and decoded them; the same hosts answer the same bytes. */
const ACCEPT_ENCODING = 'gzip, compress, deflate, br';

/**
 * Sends one request and reads its whole answer. Rejects only when no complete answer came (connect refused,
 * socket reset, the timeout): the thrown value is Node's error or AttemptTimedOut, and holds no header; the
 * caller keeps only its code anyway (transportError).
 */
export function sendHttp(request: HttpRequest): Promise<HttpAnswer> {
  const body =
    request.body === undefined || typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  const headers: Record<string, string | number> = {
    accept: 'application/json',
    'accept-encoding': ACCEPT_ENCODING,
    ...request.headers,
  };
  if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
  const send = request.url.startsWith('https:') ? https.request : http.request;
  let timer: NodeJS.Timeout | undefined;
  const exchange = new Promise<HttpAnswer>((resolve, reject) => {
    let timedOut: AttemptTimedOut | undefined;
    const outgoing = send(request.url, { method: request.method, headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => answerOf(request, incoming, Buffer.concat(chunks)).then(resolve, reject));
      // Closed before its last byte (the socket reset, or our timer below destroyed the request).
      incoming.on('close', () => {
        if (!incoming.complete) reject(outgoing.destroyed && timedOut ? timedOut : socketClosed());
      });
    });
    // One timer for the whole exchange ("no answer within N ms", as axios' `timeout` read for this client).
    timer = setTimeout(() => {
      timedOut = new AttemptTimedOut('no answer in time');
      outgoing.destroy(timedOut);
    }, request.timeoutMs);
    outgoing.on('error', reject);
    outgoing.end(body);
  });
  return exchange.finally(() => clearTimeout(timer));
}

function socketClosed(): Error {
  return Object.assign(new Error('socket closed before the whole answer came'), { code: 'ECONNRESET' });
}

async function answerOf(request: HttpRequest, incoming: http.IncomingMessage, received: Buffer): Promise<HttpAnswer> {
  const headers: Record<string, unknown> = { ...incoming.headers };
  const status = incoming.statusCode ?? 0;
  const encoding = contentEncoding(headers, request.method, status);
  let bytes = received;
  if (encoding) {
    delete headers['content-encoding'];
    bytes = await decompress(encoding, received);
  }
  if (request.raw) return { status, headers, data: bytes };
  return { status, headers, data: bytes.length === 0 ? '' : decodeJson(stripBom(bytes)) };
}

function stripBom(bytes: Buffer): Buffer {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

type Encoding = 'unzip' | 'deflate' | 'br';

/** How axios decoded a body: gzip, compress and deflate with zlib, br with brotli; never a HEAD or a 204. */
function contentEncoding(headers: Record<string, unknown>, method: string, status: number): Encoding | undefined {
  const value = headers['content-encoding'];
  if (typeof value !== 'string') return undefined;
  if (method === 'HEAD' || status === 204) {
    delete headers['content-encoding'];
    return undefined;
  }
  switch (value.toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
    case 'compress':
    case 'x-compress':
      return 'unzip';
    case 'deflate':
      return 'deflate';
    case 'br':
      return 'br';
    default:
      return undefined;
  }
}

// Node's zlib runs these on its thread pool, off the thread that talks to Genesys. Axios' flush options: a
// body cut short gives what arrived instead of an error.
const unzip = promisify(zlib.unzip);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);
const ZLIB_OPTIONS = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const BROTLI_OPTIONS = {
  flush: zlib.constants.BROTLI_OPERATION_FLUSH,
  finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
};

function decompress(encoding: Encoding, bytes: Buffer): Promise<Buffer> {
  if (bytes.length === 0) return Promise.resolve(bytes);
  if (encoding === 'br') return brotli(bytes, BROTLI_OPTIONS);
  // "deflate" is zlib-wrapped by the standard, raw by some servers: axios took a body without the zlib header
  // byte (0x78) as raw, as here.
  if (encoding === 'deflate' && bytes[0] !== 0x78) return inflateRaw(bytes, ZLIB_OPTIONS);
  return unzip(bytes, ZLIB_OPTIONS);
}
