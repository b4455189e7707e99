// Opening a named input (a file, or `-` for standard input) and saying why one cannot be read,
// in the words of the flag that named it.
import { open } from 'node:fs/promises';
import { UsageError } from '../errors.js';

export interface Input {
  name: string; // path as given, or 'stdin'
  stream: NodeJS.ReadableStream;
}

/** Opens the file now, so a missing one stops the run before anything is sent. */
export async function openInput(path: string, stdin: NodeJS.ReadableStream, flag: string): Promise<Input> {
  if (path === '-') return { name: 'stdin', stream: stdin };
  try {
    const handle = await open(path, 'r');
    if ((await handle.stat()).isDirectory()) {
      await handle.close();
      throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    }
    // 4 KiB reads, not 64: csv-parse turns a whole chunk into records at once (~3,000 rows of a
    // 64 KiB chunk), which then wait ~0.1 s to be sent, outlive two scavenges and are copied into
    // the old generation: 100,000 rows promoted 69 MB that way, 24 MB with this and csv.ts's 128
    // rows a pull (bench/README.md).
    return { name: path, stream: handle.createReadStream({ highWaterMark: 4 * 1024 }) };
  } catch (err) {
    throw readError(err, path, flag);
  }
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
