// Opening a named input (a file, or `-` for standard input) and saying why one cannot be read,
// in the words of the flag that named it.
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { UsageError } from '../errors.js';

export interface Input {
  name: string; // path as given, or 'stdin'
  stream: NodeJS.ReadableStream;
}

/**
 * The most read at once. 4 KiB, not 64: csv-parse turns a whole chunk into records at once
 * (~3,000 rows of a 64 KiB chunk), which then wait ~0.1 s to be sent, outlive two scavenges and
 * are copied into the old generation: 100,000 rows promoted 69 MB that way, 24 MB with this and
 * csv.ts's 128 rows a pull (bench/README.md).
 */
const READ_SIZE = 4 * 1024;

/** Opens the file now, so a missing one stops the run before anything is sent. */
export async function openInput(path: string, stdin: NodeJS.ReadableStream, flag: string): Promise<Input> {
  if (path === '-') return { name: 'stdin', stream: inPieces(stdin) };
  try {
    const handle = await open(path, 'r');
    if ((await handle.stat()).isDirectory()) {
      await handle.close();
      throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    }
    return { name: path, stream: handle.createReadStream({ highWaterMark: READ_SIZE }) };
  } catch (err) {
    throw readError(err, path, flag);
  }
}

/**
 * Standard input in pieces of at most READ_SIZE, taken one at a time as they are read: a pipe
 * hands over up to 64 KiB at once (100,000 rows piped in promoted 48 MB, 24 MB in pieces).
 */
function inPieces(input: NodeJS.ReadableStream): NodeJS.ReadableStream {
  async function* pieces(): AsyncGenerator<Buffer | string> {
    for await (const chunk of input as AsyncIterable<Buffer | string>) {
      if (typeof chunk === 'string' || chunk.length <= READ_SIZE) yield chunk;
      else for (let at = 0; at < chunk.length; at += READ_SIZE) yield chunk.subarray(at, at + READ_SIZE);
    }
  }
  return Readable.from(pieces(), { objectMode: false, highWaterMark: READ_SIZE });
}

/** A file system error as a UsageError naming the flag and path; other errors unchanged. */
export function readError(err: unknown, path: string, flag: string): Error {
  if (err instanceof UsageError) return err;
  const code = (err as NodeJS.ErrnoException)?.code;
  const what =
    code === 'ENOENT' ? 'file not found'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'is a directory, not a file'
    : code ? `cannot be read (${code})`
    : undefined;
  if (!what) return err as Error;
  return new UsageError(`${flag} ${path}: ${what}`, 'check the path, or use - to read standard input', { cause: err });
}
