// The messages every benchmark sends, in one place so smpp-send (from a CSV and a template) and
// the raw node-smpp baselines put the same bytes on the wire: one GSM 7-bit part each.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const TEMPLATE = 'Hello {name}, your code is 1234';

/** Recipient of message i, E.164 with +, distinct per i (no duplicate suppression kicks in). */
export function destination(i) {
  return `+4477${String(i).padStart(8, '0')}`;
}

export function nameOf(i) {
  return `N${i}`;
}

/** The text smpp-send makes of TEMPLATE for row i. */
export function textOf(i) {
  return TEMPLATE.replace('{name}', nameOf(i));
}

/** Writes a CSV (to,name) of `count` rows, streaming: a million rows never sit in memory. */
export async function writeCsv(path, count) {
  const out = createWriteStream(path);
  out.write('to,name\n');
  const CHUNK = 10_000;
  for (let i = 0; i < count; i += CHUNK) {
    let s = '';
    for (let j = i; j < Math.min(count, i + CHUNK); j++) s += `${destination(j)},${nameOf(j)}\n`;
    if (!out.write(s)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** `--name value` from argv, else the fallback. */
export function argValue(name, fallback) {
  const i = process.argv.indexOf(name);
  if (i >= 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  if (fallback === undefined) throw new Error(`${name} is required`);
  return fallback;
}
