/**
 * One HTTP exchange with a Genesys host, on undici's `request` (the HTTP client Node's own fetch is built on).
 * It replaced axios here for CPU (issue 26): the thread that talks to Genesys is the one that acks Slack and
 * runs 200 orgs' checks, and axios cost it ~0.45 ms per request where undici costs ~0.1 ms. The answer is
 * what axios gave this client: any status is a value (only transport failures reject), no redirect is
 * followed (a redirect is an answer to report, and must not carry the bearer token elsewhere), the body
 * decoded the same way (decodeJson), the headers with lower-case names and Node's rules for repeated ones.
 * One cost is per process, not per request: undici parses HTTP/1 with llhttp compiled to WebAssembly, and V8
 * recompiles its parse function with its optimising compiler after the first answer, on a worker thread
 * (~0.5 G instructions, ~0.15 s of CPU here), which Node lets finish before the process exits. A long-running
 * app or a 200-org run earns it back many times; a one-check CLI run pays it.
 */
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { Agent, request } from 'undici';
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

/**
 * One keep-alive pool for every client of the process, as axios had Node's global agent: 200 orgs of one
 * region talk to the same hosts and reuse each other's idle sockets, and no client's close() can close a
 * socket another is using (the pool is never closed; undici unrefs idle sockets, so it keeps no process
 * alive). Its own header and body timers are off per request (sendHttp's one timer covers the whole
 * exchange); its connect timeout (10 s, the default) stays, to bound a connect that our timer gave up on.
 */
let pool: Agent | undefined;

/** Axios asked for these, and decoded them; the same hosts answer the same bytes. */
const ACCEPT_ENCODING = 'gzip, compress, deflate, br';

/**
 * Sends one request and reads its whole answer. Rejects only when no complete answer came (connect refused,
 * socket reset, the timeout): the thrown value is undici's or Node's error, or AttemptTimedOut, and may hold
 * the request; the caller keeps it (transportError reads its code only).
 */
export async function sendHttp(http: HttpRequest): Promise<HttpAnswer> {
  const abort = new AbortController();
  // One timer for the whole exchange ("no answer within N ms", as axios' `timeout` read): aborting rejects
  // request() while the headers are awaited and the body read after, so it covers both, and it is cheaper than
  // undici's two idle timers (headers, then between body chunks), which would let a slow body run on.
  const timer = setTimeout(timeOut, http.timeoutMs, abort);
  try {
    const response = await request(http.url, {
      dispatcher: (pool ??= new Agent()),
      method: http.method,
      headers: { accept: 'application/json', 'accept-encoding': ACCEPT_ENCODING, ...http.headers },
      body: http.body === undefined || typeof http.body === 'string' ? http.body : JSON.stringify(http.body),
      signal: abort.signal,
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    const headers = nodeHeaders(response.headers);
    const encoding = contentEncoding(headers, http.method, response.statusCode);
    // Read to the end either way, so the socket goes back to the pool.
    if (encoding) {
      delete headers['content-encoding'];
      const bytes = await decompress(encoding, await bufferOf(response.body.bytes()));
      return { status: response.statusCode, headers, data: http.raw ? bytes : decodeJson(stripBom(bytes)) };
    }
    const data = http.raw ? await bufferOf(response.body.bytes()) : decodeText(await response.body.text());
    return { status: response.statusCode, headers, data };
  } finally {
    clearTimeout(timer);
  }
}

function timeOut(abort: AbortController): void {
  abort.abort(new AttemptTimedOut('no answer in time'));
}

async function bufferOf(bytes: Promise<Uint8Array>): Promise<Buffer> {
  const array = await bytes;
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/** undici's text() decodes UTF-8 and drops a byte-order mark, as axios did; then JSON when it is JSON. */
function decodeText(text: string): unknown {
  if (text === '') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function stripBom(bytes: Buffer): Buffer {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/**
 * Node's http rules for a header sent more than once (undici gives every repeat as an array): set-cookie is
 * always a list, cookie joins with '; ', these keep the first value, the rest join with ', '.
 */
const FIRST_VALUE_ONLY = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

/** undici's headers (lower-case names) as Node's http, and so axios, gave them. */
function nodeHeaders(headers: Record<string, string | string[] | undefined>): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    if (name === 'set-cookie') plain[name] = Array.isArray(value) ? value : [value];
    else if (!Array.isArray(value)) plain[name] = value;
    else if (FIRST_VALUE_ONLY.has(name)) plain[name] = value[0];
    else plain[name] = value.join(name === 'cookie' ? '; ' : ', ');
  }
  return plain;
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
