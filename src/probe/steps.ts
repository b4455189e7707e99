// `smpp-send probe`: connect, bind, ping and (with --to) send one message and read its receipt,
// timing each step. The only I/O of the probe; what the findings mean is decided by the pure
// files it calls (sms/id-form.ts, sms/receipt-variant.ts), and how a failure reads by the
// caller (deps.describe). Never throws: a failed step ends the probe with `error`, and what
// was learned before it is kept.
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import type { Settings } from '../config/settings.js';
import { sessionOptions } from '../config/session-options.js';
import { EXIT } from '../exit-codes.js';
import { MessagePlanner } from '../send/message-planner.js';
import { commonFields, submitFields } from '../send/submit-fields.js';
import { connectErrorFor } from '../smpp/connect.js';
import { openSession, type RawPdu, type SmppSession, type TlsPeer } from '../smpp/index.js';
import { idForm } from '../sms/id-form.js';
import { bound, describeReceipt, type ReceiptFinding } from './receipt-finding.js';
import type { ProbeReport } from './report.js';

export const ENQUIRE_LINK_COUNT = 3;
export const DEFAULT_RECEIPT_WAIT_MS = 60_000;
/** After a receipt that does not match, how long a matching one may still come. */
const GRACE_MS = 2_000;
const MAX_DELIVERIES = 100; // kept for the receipt search; bounded: a chatty SMSC

export interface ProbeDeps {
  /** How a failed step reads: its one-line message and exit code (the CLI's describeError). */
  describe: (err: unknown) => { message: string; exitCode: number };
  signal?: AbortSignal;
  trace?: (line: string) => void;
  now?: () => number;
}

/** Deliveries as they arrive, each with its time, and a wake-up for whoever waits for one. */
interface Inbox {
  items: { pdu: RawPdu; at: number }[];
  wake: EventTarget;
}

export async function runProbe(s: Settings, deps: ProbeDeps): Promise<ProbeReport> {
  const now = deps.now ?? (() => performance.now());
  const report: ProbeReport = { host: s.host, port: s.port, tls: s.tls };
  const inbox: Inbox = { items: [], wake: new EventTarget() };
  let session: SmppSession | undefined;
  try {
    report.dns = await resolve(s, now);
    session = await connectAndBind(s, deps, now, report, inbox);
    await enquireLinks(session, report, now, deps.signal);
    if (s.to.length > 0 && !deps.signal?.aborted) await sendOne(s, session, report, inbox, now, deps.signal);
  } catch (err) {
    const { message, exitCode } = deps.describe(err);
    report.error = { message, exitCode };
  } finally {
    await session?.unbind();
  }
  return report;
}

async function resolve(s: Settings, now: () => number): Promise<ProbeReport['dns']> {
  if (net.isIP(s.host)) return { addresses: [s.host], ms: 0, literal: true };
  const t = now();
  try {
    const found = await lookup(s.host, { all: true });
    return { addresses: found.map((a) => a.address), ms: ms(now() - t), literal: false };
  } catch (err) {
    throw connectErrorFor(err as NodeJS.ErrnoException, sessionOptions(s, { window: 1 }), 'connect');
  }
}

/** openSession, timing the connect and the bind apart; the deliver listener is on before the bind (receipts flushed at bind). */
async function connectAndBind(s: Settings, deps: ProbeDeps, now: () => number, report: ProbeReport, inbox: Inbox): Promise<SmppSession> {
  const started = now();
  let connected = started;
  const session = await openSession(sessionOptions(s, { window: 1, trace: deps.trace }), (connecting) => {
    connected = now();
    report.connectMs = ms(connected - started);
    const peer = connecting.tlsPeer;
    if (s.tls && peer) report.tlsInfo = tlsInfo(peer);
    connecting.on('deliver', (pdu: RawPdu) => {
      if (inbox.items.length < MAX_DELIVERIES) inbox.items.push({ pdu, at: now() });
      inbox.wake.dispatchEvent(new Event('deliver'));
    });
  });
  report.bind = bindFindings(session.bindResponse, ms(now() - connected));
  return session;
}

async function enquireLinks(session: SmppSession, report: ProbeReport, now: () => number, signal: AbortSignal | undefined): Promise<void> {
  report.enquireLinkMs = [];
  for (let i = 0; i < ENQUIRE_LINK_COUNT && !signal?.aborted; i++) {
    const t = now();
    await session.call('enquire_link', {});
    report.enquireLinkMs.push(ms(now() - t));
  }
}

/** Sends one message to the first --to and waits for its receipt; a missing or unmatched receipt is the report's error. */
async function sendOne(s: Settings, session: SmppSession, report: ProbeReport, inbox: Inbox, now: () => number, signal: AbortSignal | undefined): Promise<void> {
  const to = s.to[0]!;
  const planner = new MessagePlanner(s);
  const text = s.text !== undefined && s.text !== '-' ? s.text : `smpp-send probe ${new Date().toISOString()}`;
  const { dest, plan, source } = planner.plan({ to, text } as never, 0);
  const common = commonFields({
    serviceType: s.serviceType, source: planner.defaultSource, registeredDelivery: 1,
    priority: s.priority, validity: s.validity, schedule: s.schedule, tlv: s.tlv,
  });
  const t = now();
  const before = inbox.items.length;
  const { messageId } = await session.submit(submitFields(common, dest, plan.dataCoding, plan.parts[0]!, source));
  const submittedAt = now();
  report.message = { to, messageId, idForm: idForm(messageId), submitMs: ms(submittedAt - t), parts: plan.parts.length };
  const waitMs = typeof s.wait === 'number' ? s.wait : DEFAULT_RECEIPT_WAIT_MS;
  const found = await awaitReceipt(inbox, before, messageId, submittedAt, waitMs, signal, now);
  if (found) report.receipt = found;
  if (!found) report.error = { message: `no delivery receipt within ${waitMs / 1000}s (--wait); the SMSC accepted the message as ${messageId}; raise --wait, or ask the SMSC whether receipts are enabled for this account`, exitCode: EXIT.receipts };
  else if (!found.matches) report.error = { message: `the receipt's id ${found.matchedOn.id} cannot be matched to the submit's ${messageId} (${found.matchedOn.relation}); smpp-send would never match it; show this to the SMSC operator`, exitCode: EXIT.receipts };
}

function tlsInfo(peer: TlsPeer): ProbeReport['tlsInfo'] {
  const cert = peer.certificate;
  const validTo = cert.valid_to ? new Date(cert.valid_to) : undefined;
  return {
    protocol: peer.protocol ?? 'unknown',
    cipher: peer.cipher ?? 'unknown',
    subject: name(cert.subject?.CN),
    issuer: name(cert.issuer?.CN),
    ...(validTo ? { expires: validTo.toISOString(), daysLeft: Math.floor((validTo.getTime() - Date.now()) / 86_400_000) } : {}),
    verified: peer.authorized,
  };
}

function name(cn: string | string[] | undefined): string {
  return Array.isArray(cn) ? cn.join(', ') : (cn ?? '');
}

function bindFindings(resp: RawPdu | undefined, bindMs: number): NonNullable<ProbeReport['bind']> {
  const version = resp?.sc_interface_version;
  return {
    ms: bindMs,
    systemId: typeof resp?.system_id === 'string' ? resp.system_id : '',
    interfaceVersion: typeof version === 'number' ? `0x${version.toString(16).padStart(2, '0')}` : null,
  };
}

/** The first receipt whose id matches; else, after a grace, the first receipt after the submit. */
async function awaitReceipt(
  inbox: Inbox, from: number, messageId: string, submittedAt: number,
  waitMs: number, signal: AbortSignal | undefined, now: () => number,
): Promise<ReceiptFinding | undefined> {
  const deadline = now() + waitMs;
  let candidate: ReceiptFinding | undefined;
  let graceEnd = Infinity;
  for (let seen = from; ; ) {
    for (; seen < inbox.items.length; seen++) {
      const d = inbox.items[seen]!;
      const finding = describeReceipt(d.pdu, messageId, bound(d.at - submittedAt));
      if (!finding) continue;
      if (finding.matches) return finding;
      if (!candidate) {
        candidate = finding;
        graceEnd = now() + GRACE_MS;
      }
    }
    const left = Math.min(deadline, graceEnd) - now();
    if (left <= 0 || signal?.aborted) return candidate;
    await nextDeliveryOrTimeout(inbox.wake, left, signal);
  }
}

function nextDeliveryOrTimeout(wake: EventTarget, timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((done) => {
    const timer = setTimeout(finish, timeoutMs);
    function finish() {
      clearTimeout(timer);
      wake.removeEventListener('deliver', finish);
      signal?.removeEventListener('abort', finish);
      done();
    }
    wake.addEventListener('deliver', finish);
    signal?.addEventListener('abort', finish);
  });
}

function ms(x: number): number {
  return Math.round(x * 10) / 10;
}
