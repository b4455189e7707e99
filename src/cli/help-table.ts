// Help text layout shared by smpp-send and smpp-sim: 100 columns, options in two aligned columns.
export const WIDTH = 100;
export const INDENT = 2;

export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Rows of `left  right`, the right column wrapped and aligned at `left`. */
export function table(rows: [string, string][], left = Math.max(...rows.map(([l]) => l.length)) + 2): string[] {
  const out: string[] = [];
  for (const [l, r] of rows) {
    const body = wrap(r, WIDTH - INDENT - left);
    const first = l.length + 2 > left ? [l, ...body] : [`${l.padEnd(left)}${body.shift() ?? ''}`, ...body];
    const pad = ' '.repeat(INDENT);
    out.push(`${pad}${first[0]}`, ...first.slice(1).map((b) => `${pad}${' '.repeat(left)}${b}`));
  }
  return out;
}

