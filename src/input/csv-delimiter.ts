// Which character separates CSV fields. Spreadsheets export `,` in English locales and `;`
// where the comma is the decimal mark (most of Europe); tab-separated files are common too.
// The header row decides: it holds no numbers or free text, so the separator is the character
// among , ; and tab that occurs most often outside quotes. --delimiter overrides.

export const DETECTED = [',', ';', '\t'] as const;

/** The separator the header line uses; `,` when it holds none (a one-column file). */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>(DETECTED.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n') break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: string = ',';
  for (const d of DETECTED) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** --delimiter as typed -> the character, or undefined when it is not one. */
export function delimiterFromArg(raw: string): string | undefined {
  const named: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';' };
  const d = named[raw.toLowerCase()] ?? raw;
  if ([...d].length !== 1 || d === '"' || d === '\n' || d === '\r') return undefined;
  return d;
}

/** How a separator is shown in messages. */
export function delimiterName(d: string): string {
  return d === '\t' ? 'tab' : JSON.stringify(d);
}
