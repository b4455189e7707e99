// --text -: the message text from standard input.
import { UsageError } from '../errors.js';
import { MAX_LINE_BYTES, splitLines, utf8Text } from './lines.js';

const MAX_STDIN_TEXT = MAX_LINE_BYTES;

/** All of standard input as UTF-8, minus one trailing newline. */
export async function readStdinText(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stdin) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    length += b.length;
    if (length > MAX_STDIN_TEXT) {
      throw new UsageError(`--text -: standard input holds more than ${MAX_STDIN_TEXT / 1024 / 1024} MiB`, 'an SMS text is at most a few KB; check what is piped in');
    }
    chunks.push(b);
  }
  const bytes = Buffer.concat(chunks);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`--text -: standard input line ${await firstBadLine(bytes)} is not valid UTF-8`, 'convert the text to UTF-8 (e.g. iconv -f latin1 -t utf-8)');
  }
  text = text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
  if (text === '') {
    throw new UsageError(
      'no message text: standard input was empty (without --text, or with --text -, the text is read from it)',
      'pipe the message text in, or give --text "..."',
    );
  }
  return text;
}

async function firstBadLine(bytes: Buffer): Promise<number> {
  for await (const l of splitLines([bytes])) if (utf8Text(l.bytes, l.n === 1) === undefined) return l.n;
  return 1;
}
