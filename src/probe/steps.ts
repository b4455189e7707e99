// `smpp-send probe`: connect, bind, ping and (with --to) send one message and read its receipt,
// timing each step. The only I/O of the probe; what the findings mean is decided by the pure
// files it calls (sms/id-form.ts, sms/receipt-variant.ts). Never throws: a failed step ends the
// probe with `error`, and what was learned before it is kept.
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Settings } from '../config/settings.js';
import { connectErrorFor } from '../smpp/connect.js';
import { describeError } from '../cli/failure.js';
import { EXIT } from '../exit-codes.js';
import { sessionOptions } from '../config/session-options.js';
import { LinkClosedError } from '../errors.js';
import type { RawPdu } from '../smpp/codec.js';
import type { SmppSession } from '../smpp/session.js';
import { Preparer } from '../send/prepare.js';
import { commonFields, submitFields } from '../send/submit-fields.js';
import { idForm } from '../sms/id-form.js';
import { bound, describeReceipt, type ReceiptFinding } from './receipt-finding.js';
import type { ProbeReport } from './report.js';

export const ENQUIRE_LINK_COUNT = 3;
export const DEFAULT_RECEIPT_WAIT_MS = 60_000;
/** After a receipt that does not match, how long a matching one may still come. */
const GRACE_MS = 2_000;

export interface ProbeDeps {
  signal?: AbortSignal;
  trace?: (line: string) => void;
  now?: () => number;
}

export async function runProbe(s: Settings, deps: ProbeDeps = {}): Promise<ProbeReport> {
  const now = deps.now ?? (() => performance.now());
  const report: ProbeReport = { host: s.host, port: s.port, tls: s.tls };
  let session: SmppSession | undefined;
  try {
    report.dns = await resolve(s, now);
    const opts = sessionOptions(s, { window: 1, trace: deps.trace });
    const { connectSocket } = await import('../smpp/connect.js');
    let t = now();
    const socket = await connectSocket(opts);
    report.connectMs = ms(now() - t);
    if (s.tls) report.tlsInfo = tlsInfo(socket as TLSSocket);
    const { SmppSession } = await import('../smpp/session.js');
    // As openSession does, but timing the connect and the bind apart and keeping the socket
    // for its TLS facts; the deliver listener is on before the bind (receipts flushed at bind).
    try {
      session = new SmppSession(socket, opts);
    } catch (err) {
      socket.destroy();
      throw err;
    }
    const deliveries: { pdu: RawPdu; at: number }[] = [];
    const wake = new EventTarget();
    session.on('deliver', (pdu: RawPdu) => {
      if (deliveries.length < 100) deliveries.push({ pdu, at: now() }); // bounded: a chatty SMSC
      wake.dispatchEvent(new Event('deliver'));
    });
    t = now();
    await session.bind();
    if (session.closed) throw new LinkClosedError(`link to ${s.host}:${s.port} lost right after bind: ${session.closeReason?.message ?? 'session closed'}`, 'check the SMSC; connect again');
    report.bind = bindFindings(session.bindResponse, ms(now() - t));
    report.enquireLinkMs = [];
    for (let i = 0; i < ENQUIRE_LINK_COUNT && !deps.signal?.aborted; i++) {
      t = now();
      await session.call('enquire_link', {});
      report.enquireLinkMs.push(ms(now() - t));
    }
    if (s.to.length > 0 && !deps.signal?.aborted) {
      const to = s.to[0]!;
      const preparer = new Preparer(s);
      const text = s.text !== undefined && s.text !== '-' ? s.text : `smpp-send probe ${new Date().toISOString()}`;
      const { dest, plan, source } = preparer.prepare({ to, text } as never, 0);
      const common = commonFields({
        serviceType: s.serviceType, source: preparer.defaultSource, registeredDelivery: 1,
        priority: s.priority, validity: s.validity, schedule: s.schedule, tlv: s.tlv,
      });
      t = now();
      const before = deliveries.length;
      const { messageId } = await session.submit(submitFields(common, dest, plan.dataCoding, plan.parts[0]!, source));
      const submittedAt = now();
      report.message = { to, messageId, idForm: idForm(messageId), submitMs: ms(submittedAt - t), parts: plan.parts.length };
      const waitMs = typeof s.wait === 'number' ? s.wait : DEFAULT_RECEIPT_WAIT_MS;
      const found = await awaitReceipt(deliveries, before, messageId, submittedAt, waitMs, wake, deps.signal, now);
      if (found) report.receipt = found;
      if (!found) report.error = { message: `no delivery receipt within ${waitMs / 1000}s (--wait); the SMSC accepted the message as ${messageId}; raise --wait, or ask the SMSC whether receipts are enabled for this account`, exitCode: EXIT.receipts };
      else if (!found.matches) report.error = { message: `the receipt's id ${found.matchedOn.id} cannot be matched to the submit's ${messageId} (${found.matchedOn.relation}); smpp-send would never match it; show this to the SMSC operator`, exitCode: EXIT.receipts };
    }
  } catch (err) {
    const { message, exitCode } = describeError(err, false);
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

function tlsInfo(socket: TLSSocket): ProbeReport['tlsInfo'] {
  const cert = socket.getPeerCertificate();
  const validTo = cert.valid_to ? new Date(cert.valid_to) : undefined;
  return {
    protocol: socket.getProtocol() ?? 'unknown',
    cipher: socket.getCipher()?.name ?? 'unknown',
    subject: name(cert.subject?.CN),
    issuer: name(cert.issuer?.CN),
    ...(validTo ? { expires: validTo.toISOString(), daysLeft: Math.floor((validTo.getTime() - Date.now()) / 86_400_000) } : {}),
    verified: socket.authorized,
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
  deliveries: { pdu: RawPdu; at: number }[], from: number, messageId: string, submittedAt: number,
  waitMs: number, wake: EventTarget, signal: AbortSignal | undefined, now: () => number,
): Promise<ReceiptFinding | undefined> {
  const deadline = now() + waitMs;
  let candidate: ReceiptFinding | undefined;
  let graceEnd = Infinity;
  for (let seen = from; ; ) {
    for (; seen < deliveries.length; seen++) {
      const d = deliveries[seen]!;
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
    await new Promise<void>((done) => {
      const timer = setTimeout(finish, left);
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
}

function ms(x: number): number {
  return Math.round(x * 10) / 10;
}
