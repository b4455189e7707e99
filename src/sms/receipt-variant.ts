// How an SMSC writes its delivery receipts: whether the id and state come as TLVs, as the
// Appendix B text or both, and which variant of the text (field order, spellings, date length).
// Pure: `smpp-send probe` reports it so an integrator sees exactly what will be matched on.

/** Where the receipt's id and state came from. */
export type ReceiptCarrier = 'tlv' | 'text' | 'both' | 'neither';

export interface ReceiptCarrierInput {
  tlvId?: string; // receipted_message_id
  tlvState?: number; // message_state
  textId?: string; // id: of the text
  textStat?: string; // stat: of the text
}

export function receiptCarrier(r: ReceiptCarrierInput): ReceiptCarrier {
  const tlv = r.tlvId !== undefined || r.tlvState !== undefined;
  const text = r.textId !== undefined || r.textStat !== undefined;
  return tlv && text ? 'both' : tlv ? 'tlv' : text ? 'text' : 'neither';
}

/** SMPP 3.4 Appendix B, in its order. */
export const APPENDIX_B_FIELDS = ['id', 'sub', 'dlvrd', 'submit date', 'done date', 'stat', 'err', 'text'] as const;
type Field = (typeof APPENDIX_B_FIELDS)[number];

export interface TextVariant {
  /** One phrase: "Appendix B", "Appendix B, reordered", "Appendix B without text", "partial (...)". */
  name: string;
  /** Fields in the order written, as spelled ("Text", "submit_date"). */
  fields: string[];
  /** Appendix B fields absent. */
  missing: Field[];
  /** Digits in the dates (10, 12 or 14), when there are dates and they agree. */
  dateDigits?: number;
}

// The keys receipt.ts reads: at the start or after white space, any case, `submit date` also as
// submit_date / submitdate.
const KEY = /(?:^|\s)(id|sub|dlvrd|submit[ _]?date|done[ _]?date|stat|err|text)\s*:/gi;

function canonical(spelled: string): Field {
  const s = spelled.toLowerCase().replace(/[ _]?date$/, ' date');
  return s as Field;
}

/** undefined when the text holds no receipt keys at all. */
export function receiptTextVariant(text: string): TextVariant | undefined {
  const spelled: string[] = [];
  const seen: Field[] = [];
  for (const m of text.matchAll(KEY)) {
    const field = canonical(m[1]!);
    if (seen.includes(field)) continue;
    spelled.push(m[1]!);
    seen.push(field);
    if (field === 'text') break; // text: runs to the end
  }
  if (seen.length === 0) return undefined;
  const missing = APPENDIX_B_FIELDS.filter((f) => !seen.includes(f));
  const inOrder = seen.every((f, i) => i === 0 || APPENDIX_B_FIELDS.indexOf(f) > APPENDIX_B_FIELDS.indexOf(seen[i - 1]!));
  const standardSpelling = spelled.every((s, i) => s === seen[i]);
  const traits = [...(inOrder ? [] : ['reordered']), ...(standardSpelling ? [] : [`spelled ${spelled.filter((s, i) => s !== seen[i]).join(', ')}`])];
  let name: string;
  if (missing.length === 0) name = 'Appendix B';
  else if (missing.length === 1 && missing[0] === 'text') name = 'Appendix B without text';
  else name = `partial (no ${missing.join(', ')})`;
  const digits = dateDigits(text);
  if (digits !== undefined) traits.push(`${digits}-digit dates`);
  if (traits.length > 0) name += `, ${traits.join(', ')}`;
  return { name, fields: spelled, missing, ...(digits !== undefined ? { dateDigits: digits } : {}) };
}

function dateDigits(text: string): number | undefined {
  const lengths = [...text.matchAll(/(?:submit|done)[ _]?date\s*:\s*(\d+)/gi)].map((m) => m[1]!.length);
  if (lengths.length === 0 || lengths.some((l) => l !== lengths[0])) return undefined;
  return lengths[0];
}
