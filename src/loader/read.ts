// Reads one input file into text, or says why it cannot be checked: a
// symlink loop, no permission, not a regular file, over the size limit,
// binary, not UTF-8. UTF-16 with a byte-order mark is decoded, as go-yaml does.
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Region } from '../engine/types.js';
import type { FileSkipReason, LoadProblem } from './types.js';

export type DecodeOutcome =
  | { ok: true; text: string }
  | { ok: false; reason: FileSkipReason; problem: LoadProblem };

const START: Region = { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 };

export function unreadable(
  file: string,
  reason: FileSkipReason,
  message: string,
  region = START,
): DecodeOutcome {
  return { ok: false, reason, problem: { ruleId: 'RTP003', severity: 'warning', message, file, region } };
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/** Line and column (UTF-16 units, from 1) of a byte offset in UTF-8-ish bytes. */
function byteRegion(bytes: Buffer, offset: number): Region {
  const lineStart = bytes.lastIndexOf(10, offset - 1) + 1;
  let line = 1;
  for (let i = bytes.indexOf(10); i !== -1 && i < lineStart; i = bytes.indexOf(10, i + 1)) line++;
  const column = bytes.toString('utf8', lineStart, offset).length + 1;
  return { startLine: line, startColumn: column, endLine: line, endColumn: column + 1 };
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const n =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > bytes.length) return i;
    if (n > 1 && !isUtf8(bytes.subarray(i, i + n))) return i;
    i += n;
  }
  return bytes.length;
}

function describeError(err: NodeJS.ErrnoException): { reason: FileSkipReason; message: string } {
  switch (err.code) {
    case 'ELOOP':
      return {
        reason: 'symlink-loop',
        message: 'symbolic link loop (the link never reaches a file); not checked',
      };
    case 'EACCES':
    case 'EPERM':
      return { reason: 'unreadable', message: 'permission denied; not checked' };
    case 'ENOENT':
      return { reason: 'unreadable', message: 'file not found (a broken symbolic link?); not checked' };
    default:
      return {
        reason: 'unreadable',
        message: `cannot read the file (${err.code ?? err.message}); not checked`,
      };
  }
}

/** Decodes bytes to text, or says why the bytes are not a text file rtpolicy can read. */
export function decodeBytes(file: string, bytes: Buffer): DecodeOutcome {
  // UTF-16 with a byte-order mark (go-yaml reads it too).
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { ok: true, text: bytes.toString('utf16le', 2) };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return { ok: true, text: swapped.toString('utf16le') };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return unreadable(
      file,
      'binary',
      'binary file (it contains NUL bytes); not checked',
      byteRegion(bytes, nul),
    );
  }
  if (!isUtf8(bytes)) {
    const at = firstInvalidUtf8(bytes);
    return unreadable(
      file,
      'not-utf8',
      `not UTF-8 text (invalid byte 0x${bytes[at]?.toString(16).padStart(2, '0')}); save it as UTF-8; not checked`,
      byteRegion(bytes, at),
    );
  }
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text };
}

// One buffer, reused for every file: reading needs no stat call (the limit is
// found by reading one byte past it) and allocates nothing per file.
let shared = Buffer.alloc(0);

/** Reads a file, at most `maxFileSize` bytes of it. */
export function readInputFile(path: string, file: string, maxFileSize: number): DecodeOutcome {
  if (shared.length !== maxFileSize + 1) shared = Buffer.allocUnsafe(maxFileSize + 1);
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const { reason, message } = describeError(err as NodeJS.ErrnoException);
    return unreadable(file, reason, message);
  }
  try {
    let length = 0;
    for (let n = -1; n !== 0 && length < shared.length; length += n) {
      n = readSync(fd, shared, length, shared.length - length, null);
    }
    if (length > maxFileSize) {
      const size = fstatSync(fd).size;
      const message = `file is ${formatSize(size)}, over the ${formatSize(maxFileSize)} limit (maxFileSize); not checked`;
      return unreadable(file, 'too-large', message);
    }
    return decodeBytes(file, shared.subarray(0, length));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A directory, a FIFO or socket without data, a device.
    if (code === 'EISDIR' || code === 'EAGAIN' || code === 'EINVAL') {
      return unreadable(file, 'unreadable', 'not a regular file; not checked');
    }
    const { reason, message } = describeError(err as NodeJS.ErrnoException);
    return unreadable(file, reason, message);
  } finally {
    closeSync(fd);
  }
}
