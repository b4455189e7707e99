// `smpp-send query ID...`, `cancel ID...`, `replace ID --text TEXT`: one request per id over
// one bind, a line (or JSON object) per id, exit 13 when the SMSC refused any.
import type { Settings } from '../config/settings.js';
import { UsageError } from '../errors.js';
import { followUpLine, followUpRecord, requestFields, type FollowUp, type FollowUpRecord } from '../receive/followup.js';
import type { JournaledPart } from '../receive/journal-ids.js';
import { openReceiving, sessionOptions } from '../receive/session.js';
import { parseAddress } from '../sms/address.js';
import { planMessage } from '../sms/plan.js';
import { EXIT } from '../exit-codes.js';
import type { Io } from './io.js';

export async function followUpCommand(kind: FollowUp, s: Settings, ids: string[], io: Io): Promise<number> {
  const targets: { id: string; journaled?: JournaledPart }[] = ids.map((id) => ({ id }));
  if (s.journal !== undefined) {
    if (kind !== 'query') throw new UsageError(`--journal goes with query (every message without a final receipt); give ${kind} the id itself`);
    const { journalIds } = await import('../receive/journal-ids.js');
    const { readJournal } = await import('../journal/reader.js');
    for (const p of (await journalIds(readJournal(s.journal))).open()) targets.push({ id: p.id, journaled: p });
  }
  if (targets.length === 0) {
    throw new UsageError(s.journal !== undefined ? `nothing to query: every message in ${s.journal} has a final receipt` : `${kind} needs a message id: smpp-send ${kind} ID${kind === 'query' ? ' [ID...] (or --journal FILE)' : ''}`);
  }
  if (kind === 'replace' && targets.length > 1) throw new UsageError('replace takes one message id: smpp-send replace ID --text TEXT');
  const extra = kind === 'replace' ? replaceFields(s) : {};
  const source = s.from !== undefined ? parseAddress(s.from, 'source', { ton: s.fromTon, npi: s.fromNpi }) : undefined;

  const trace = s.debug ? (line: string) => void io.stderr.write(`${line}\n`) : undefined;
  const session = await openReceiving(sessionOptions(s, trace));
  let refused = 0;
  try {
    for (const t of targets) {
      const resp = await session.call(`${kind}_sm`, requestFields(kind, t.id, source, extra));
      const rec: FollowUpRecord = followUpRecord(kind, t.id, resp);
      if (t.journaled) Object.assign(rec, { key: t.journaled.key, part: t.journaled.part + 1 });
      if (!rec.ok) refused++;
      if (s.json) io.stdout.write(`${JSON.stringify({ ...rec, t: new Date().toISOString() })}\n`);
      else if (!s.quiet || !rec.ok) io.stdout.write(`${followUpLine(rec)}\n`);
    }
  } finally {
    await session.unbind();
  }
  return refused > 0 ? EXIT.refused : EXIT.ok;
}

/** replace_sm carries one short_message in the original's data_coding: the new text must fit one part. */
function replaceFields(s: Settings): Record<string, unknown> {
  if (s.text === undefined || s.text === '-') throw new UsageError('replace needs the new text: smpp-send replace ID --text TEXT');
  const plan = planMessage({ text: s.text }, {
    coding: s.coding, smscAlphabet: s.smscAlphabet, split: 'none', maxParts: 1, flash: false, transliterate: s.transliterate, ref: 0,
  });
  return {
    schedule_delivery_time: s.schedule ?? '', validity_period: s.validity ?? '',
    registered_delivery: s.receipt === 'never' ? 0 : 1, sm_default_msg_id: 0, short_message: plan.parts[0]!.shortMessage,
  };
}
