// --dry-run: everything short of connecting. Reads the same input, plans every message the
// same way as a real run, and reports the plan: encoding, counts, parts with UDH/TLVs and bytes.
import type { Settings } from '../config/settings.js';
import type { Address } from '../sms/address.js';
import { encodingRow } from '../sms/encodings.js';
import { EXIT } from '../exit-codes.js';
import { emptyCounts, type RunEvent, type RunSummary } from './events.js';
import { openRunSource, planOrSkip, refSequence } from './intake.js';
import { MessagePlanner, type AddressedPlan } from './message-planner.js';
import type { OutgoingMessage, SkippedRow } from './source.js';

export interface DryRunPart {
  esmClass: number;
  udh?: string; // hex
  tlvs: Record<string, string | number>; // Buffers as hex
  payload: string; // hex
  payloadLength: number;
}

export interface DryRunItem {
  to: string;
  key: string;
  line?: number;
  dest: Address;
  source?: Address;
  encoding: string;
  dataCoding: number;
  chars: number;
  units: number;
  unitName: string;
  /** With --smsc-alphabet latin1/ascii: the alphabet the dc 0 bytes are in (parts still count GSM septets). */
  smscAlphabet?: 'latin1' | 'ascii';
  parts: DryRunPart[];
  ucs2Because?: { char: string; index: number }[];
  transliterated?: { from: string; to: string; index: number }[];
}

export interface DryRunResult {
  messages: number;
  parts: number; // SMS the recipients will get: what an SMSC bills
  byEncoding: Record<string, { messages: number; parts: number }>;
  skipped: number;
  duplicates: number;
}

/** A dry run's summary, in the same shape as a real run's (the JSON schema is one). */
export function dryRunSummary(r: DryRunResult): RunSummary {
  const counts = { ...emptyCounts(), messages: r.messages, parts: r.parts, skipped: r.skipped, duplicates: r.duplicates };
  return {
    counts, byEncoding: r.byEncoding, byStatus: {}, byReceiptState: {}, elapsedMs: 0, avgRate: 0, peakRate: 0,
    interrupted: false, dryRun: true, exitCode: r.skipped > 0 ? EXIT.rejected : EXIT.ok,
  };
}

export async function dryRun(
  s: Settings,
  deps: { stdin: NodeJS.ReadableStream; plan: (item: DryRunItem) => void; emit: (ev: RunEvent) => void; random?: () => number },
): Promise<DryRunResult> {
  const planner = new MessagePlanner(s);
  const result: DryRunResult = { messages: 0, parts: 0, byEncoding: {}, skipped: 0, duplicates: 0 };
  const nextRef = refSequence(deps.random ?? Math.random);
  const skip = (row: SkippedRow) => {
    result.skipped++;
    deps.emit({ type: 'skipped', row });
  };
  for await (const item of openRunSource(s, deps)) {
    if (item.kind !== 'message') {
      if (item.kind === 'skipped') result.skipped++;
      else result.duplicates++;
      deps.emit({ type: item.kind, row: item.row });
      continue;
    }
    const m = item.message;
    const planned = planOrSkip(planner, m, nextRef(), skip);
    if (!planned) continue;
    const { dest, source: from, plan } = planned;
    result.messages++;
    // payload mode sends one submit_sm, but the recipient gets (and the SMSC bills) every SMS.
    const sms = plan.airParts ?? plan.parts.length;
    result.parts += sms;
    const e = (result.byEncoding[plan.encoding] ??= { messages: 0, parts: 0 });
    e.messages++;
    e.parts += sms;
    deps.plan(planItem(s, m, planned, dest, from));
  }
  return result;
}

/** One message of the plan, bytes as hex. */
function planItem(s: Settings, m: OutgoingMessage, { plan }: AddressedPlan, dest: Address, from: Address | undefined): DryRunItem {
  const dc0In = plan.encoding === 'gsm7' && plan.dataCoding === 0 && s.smscAlphabet !== 'gsm7' ? s.smscAlphabet : undefined;
  return {
    to: m.to, key: m.key, ...(m.line !== undefined ? { line: m.line } : {}), dest, ...(from ? { source: from } : {}),
    encoding: plan.encoding, dataCoding: plan.dataCoding, chars: plan.chars, units: plan.units,
    unitName: encodingRow(plan.encoding).unitName, ...(dc0In ? { smscAlphabet: dc0In } : {}),
    parts: plan.parts.map((p) => ({
      esmClass: p.esmClass,
      ...(p.udh ? { udh: p.udh.toString('hex') } : {}),
      tlvs: Object.fromEntries(
        Object.entries(p.tlvs).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('hex') : v]),
      ),
      payload: p.payload.toString('hex'),
      payloadLength: p.payload.length,
    })),
    ...(plan.ucs2Because?.length ? { ucs2Because: plan.ucs2Because } : {}),
    ...(plan.transliterated?.length ? { transliterated: plan.transliterated } : {}),
  };
}
