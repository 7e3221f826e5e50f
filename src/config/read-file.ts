/**
 * Reads a small configuration file (the config itself, a client secret) without ever blocking: only a regular
 * file is read, and its size is checked first. `/dev/zero` would be read forever and a FIFO with no writer
 * blocks `open()` itself, freezing start-up; both are refused by what `fstat` says, the FIFO opened with
 * O_NONBLOCK so that the open returns at once.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

export type SmallFileRead = { ok: true; text: string } | { ok: false; problem: string };

/** Explains a failed read by its error code only: error messages from fs are fine, but codes are enough. */
export function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'is not readable (permission denied)';
    case 'EISDIR':
      return 'is a directory, not a file';
    default:
      return `cannot be read (${code ?? 'unknown error'})`;
  }
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

/**
 * The file's text, or what is wrong with it as the end of a sentence ("is not a regular file (a FIFO)…").
 * The size is checked from `fstat` before reading and again while reading (a file may grow, and some report 0).
 */
export function readSmallRegularFile(path: string, maxBytes: number): SmallFileRead {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { ok: false, problem: describeReadError(error) };
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) return { ok: false, problem: 'is a directory, not a file' };
    if (!stats.isFile())
      return { ok: false, problem: `is not a regular file (${kindOf(stats)}); give the path of a file` };
    if (stats.size > maxBytes) return { ok: false, problem: `is larger than ${maxBytes} bytes` };
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) return { ok: false, problem: `is larger than ${maxBytes} bytes` };
    }
    return { ok: true, text: buffer.subarray(0, length).toString('utf8') };
  } catch (error) {
    return { ok: false, problem: describeReadError(error) };
  } finally {
    closeSync(fd);
  }
}
