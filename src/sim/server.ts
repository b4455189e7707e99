// The simulated SMSC: a node-smpp server whose every request we answer ourselves. node-smpp
// sessions wedge after a malformed PDU (they emit 'error' and stop reading), so any session
// error destroys that session; the server and the other sessions carry on.
import type { AddressInfo } from 'node:net';
import { smpp, type PDU, type Session } from '../smpp/codec.js';
import { IdCounter, randomFirstId, receiptId, type IssuedId } from './ids.js';
import { JsonLog, toLogged } from './log.js';
import { splitBody } from '../sms/user-data.js';
import { Reassembler, type Part } from './reassemble.js';
import { bindRefusal } from './bind-refusal.js';
import { outcomeFor, receiptFields, receiptWanted, type ReceiptOutcome } from './receipts.js';
import { moDeliveries } from './mo.js';
import { SubmitRateLimiter, type RateLimit } from './rate-limit.js';
import { answerFollowUp } from './followup.js';
import { Scheduler } from './scheduler.js';
import { DELETED, MessageStore } from './store.js';
import { SimSession, type BindMode } from './session.js';
import { RECEIPT_TEXT_BYTES, safeDecode } from './text.js';
import type { LoggedPdu, Sim, SimEvent, SimMessage, SimOptions, SubmitAction } from './types.js';

export const SIM_DEFAULTS = { systemId: 'smpp-sim', password: 'sim-secret', host: '127.0.0.1' } as const;

/** command_status values the simulator answers with (SMPP 3.4 §5.1.3). */
const STATUS = {
  ROK: 0x00,
  RINVCMDID: 0x03,
  RINVBNDSTS: 0x04,
  RALYBND: 0x05,
  RSYSERR: 0x08,
  RTHROTTLED: 0x58,
  RINVPASWD: 0x0e,
  RINVSYSID: 0x0f,
} as const;

const DEFAULT_RECEIPT_DELAY_MS = 20;
/** How long an unbind waits for unbind_resp, or a closing peer for its FIN, before the link is dropped. */
const UNBIND_GRACE_MS = 1000;
/** A 4 GiB command_length: every SMPP parser refuses it. */
const GARBAGE = Buffer.from('ffffffff67617262616765', 'hex');
/** Per system id; beyond this the oldest held deliver_sm is dropped (no receiver is coming). */
const MAX_HELD = 100_000;
const BIND_COMMANDS = new Set(['bind_transmitter', 'bind_receiver', 'bind_transceiver']);

type Fields = Record<string, unknown>;
interface Delivery {
  fields: Fields;
  text?: string;
}

export async function startSim(opts: SimOptions = {}): Promise<Sim> {
  const o: SimOptions = { ...opts };
  // Credentials are read at each bind, so set() can change them (a password rotated mid-run).
  const systemId = () => o.systemId ?? SIM_DEFAULTS.systemId;
  const password = () => o.password ?? SIM_DEFAULTS.password;
  const host = o.host ?? SIM_DEFAULTS.host;
  const record = o.record ?? true;
  const log = o.logFile ? new JsonLog(o.logFile) : undefined;

  const sessions = new Map<number, SimSession>();
  const ids = new IdCounter(o.firstId ?? randomFirstId());
  const reassembler = new Reassembler();
  /** Accepted messages and their state, for query_sm / cancel_sm / replace_sm. */
  const store = new MessageStore();
  /** deliver_sm waiting for a receiver or transceiver of that system id to bind. */
  const held = new Map<string, Delivery[]>();
  let nextSession = 1;
  let answering = true;
  let enquireTimer: NodeJS.Timeout | undefined;

  const received: LoggedPdu[] = [];
  const messages: SimMessage[] = [];
  const events: SimEvent[] = [];
  const stats: Sim['stats'] = { maxOutstanding: 0, outstanding: 0, perSecond: new Map(), binds: 0, submits: 0, throttled: 0, held: 0 };
  // Rebuilt when set() brings another rateLimit object.
  let limiter: { for: RateLimit; it: SubmitRateLimiter } | undefined;
  const overLimit = (): boolean => {
    if (!o.rateLimit) return false;
    if (limiter?.for !== o.rateLimit) limiter = { for: o.rateLimit, it: new SubmitRateLimiter(o.rateLimit) };
    if (limiter.it.admit(performance.now())) return false;
    stats.throttled++;
    return true;
  };

  const alphabet = () => o.smscAlphabet ?? 'gsm7';
  const logging = () => record || !!log || !!o.onPdu;

  const scheduler = new Scheduler((err) => event(0, 'error', `scheduled work failed: ${(err as Error).message}`));

  /** Delayed work for one session: skipped if the session has gone by then. */
  function later(s: SimSession, ms: number, fn: () => void): void {
    scheduler.after(ms, () => {
      if (!s.closed) fn();
    });
  }

  function event(session: number, type: SimEvent['type'], detail?: string): void {
    const e: SimEvent = { t: Date.now(), session, type };
    if (detail !== undefined) e.detail = detail;
    if (record) events.push(e);
    o.onEvent?.(e);
  }

  /** Whole messages are wanted beyond `messages`: by a hook, or as lines in the log file. */
  const wantsMessages = () => !!o.onMessage || !!log;

  function completed(message: SimMessage): void {
    if (record) messages.push(message);
    // In the log beside the PDUs: the text a handset shows, not only each part's (no `command`).
    log?.write({ t: Date.now(), session: message.session, type: 'message', from: message.from, to: message.to, parts: message.parts, messageIds: message.messageIds, dataCoding: message.dataCoding, text: message.text });
    o.onMessage?.(message);
  }

  function emitPdu(p: LoggedPdu): void {
    if (record && p.dir === 'in') received.push(p);
    log?.write(p);
    o.onPdu?.(p);
  }

  function send(s: SimSession, pdu: PDU, written?: () => void, text?: string): boolean {
    if (!s.send(pdu, written)) return false;
    if (logging()) emitPdu(toLogged(pdu, s.id, 'out', Date.now(), alphabet(), text));
    return true;
  }

  /** Answer a request, unless the sim plays a hung SMSC. */
  function answer(s: SimSession, pdu: PDU, written?: () => void): boolean {
    if (!answering) return false;
    send(s, pdu, written);
    return true;
  }

  // ---- deliveries (receipts and scripted deliver_sm) ----

  function deliverNow(s: SimSession, d: Delivery): boolean {
    return send(s, new smpp.PDU('deliver_sm', { ...d.fields }), undefined, d.text);
  }

  /**
   * To the preferred session if it can receive, else any receiver of the system id, else hold
   * it until one binds. A socket closing under us (not writable yet no 'close') counts as none.
   */
  function route(owner: string, preferred: number | undefined, d: Delivery): void {
    const p = preferred === undefined ? undefined : sessions.get(preferred);
    if (p?.canReceive && p.systemId === owner && deliverNow(p, d)) return;
    for (const s of sessions.values()) {
      if (s !== p && s.canReceive && s.systemId === owner && deliverNow(s, d)) return;
    }
    hold(owner, [d]);
  }

  function hold(owner: string, ds: Delivery[]): void {
    let queue = held.get(owner);
    if (!queue) held.set(owner, (queue = []));
    queue.push(...ds);
    stats.held += ds.length;
    if (queue.length > MAX_HELD) stats.held -= queue.splice(0, queue.length - MAX_HELD).length;
  }

  function flushHeld(s: SimSession): void {
    const owner = s.systemId;
    const queue = owner === undefined ? undefined : held.get(owner);
    if (!owner || !queue || !s.canReceive) return;
    held.delete(owner);
    stats.held -= queue.length;
    const failed = queue.findIndex((d) => !deliverNow(s, d));
    if (failed >= 0) hold(owner, queue.slice(failed));
  }

  // ---- request handlers ----

  function onBind(s: SimSession, pdu: PDU, logged: LoggedPdu | undefined): void {
    const command = pdu.command as `bind_${BindMode}`;
    if (s.bound) {
      answer(s, new smpp.PDU(`${command}_resp`, { sequence_number: pdu.sequence_number, command_status: STATUS.RALYBND }));
      event(s.id, 'bind-refused', bindRefusal(STATUS.RALYBND, pdu, systemId(), false));
      return;
    }
    const credentials = pdu.system_id !== systemId() ? STATUS.RINVSYSID
      : pdu.password !== password() ? STATUS.RINVPASWD : STATUS.ROK;
    let hook: { status?: number; delayMs?: number } = {};
    try {
      hook = (o.onBind && logged ? o.onBind(logged) : undefined) ?? {};
    } catch (err) {
      event(s.id, 'error', `onBind hook threw: ${(err as Error).message}`);
      hook = { status: STATUS.RSYSERR };
    }
    const status = hook.status ?? credentials;
    const reply = () => {
      const fields: Fields = { sequence_number: pdu.sequence_number, command_status: status, system_id: systemId() };
      if (typeof pdu.interface_version === 'number' && pdu.interface_version >= 0x34) fields.sc_interface_version = 0x34;
      if (!answer(s, new smpp.PDU(`${command}_resp`, fields))) return;
      if (status !== STATUS.ROK) return event(s.id, 'bind-refused', bindRefusal(status, pdu, systemId(), hook.status !== undefined));
      s.bound = command.slice('bind_'.length) as BindMode;
      s.systemId = String(pdu.system_id);
      stats.binds++;
      event(s.id, 'bind', `${s.bound} interface_version 0x${Number(pdu.interface_version ?? 0).toString(16)}`);
      flushHeld(s);
    };
    if (hook.delayMs) later(s, hook.delayMs, reply);
    else reply();
  }

  function onSubmit(s: SimSession, pdu: PDU, logged: LoggedPdu | undefined, t: number): void {
    const index = stats.submits++;
    const second = Math.floor(t / 1000);
    stats.perSecond.set(second, (stats.perSecond.get(second) ?? 0) + 1);
    s.unanswered++;
    if (++stats.outstanding > stats.maxOutstanding) stats.maxOutstanding = stats.outstanding;

    let action: SubmitAction = {};
    if (!s.canSubmit) action = { status: STATUS.RINVBNDSTS };
    else if (overLimit()) action = { status: STATUS.RTHROTTLED };
    else if (o.onSubmit && logged) {
      try {
        action = o.onSubmit(logged, { index, session: s.id }) ?? {};
      } catch (err) {
        event(s.id, 'error', `onSubmit hook threw: ${(err as Error).message}`);
        action = { status: STATUS.RSYSERR };
      }
    }
    if (action.drop === 'before-reply') return s.destroy();
    const delay = action.delayMs ?? o.responseDelayMs ?? 0;
    if (delay > 0) later(s, delay, () => replySubmit(s, pdu, action, t));
    else replySubmit(s, pdu, action, t);
  }

  function replySubmit(s: SimSession, pdu: PDU, action: SubmitAction, t: number): void {
    if (!answering || action.reply === 'none') return; // stays outstanding
    s.unanswered--;
    stats.outstanding--;
    const seq = pdu.sequence_number;
    const drop = action.drop === 'after-reply' ? () => s.destroy() : undefined;
    if (action.reply === 'generic_nack') {
      send(s, new smpp.PDU('generic_nack', { sequence_number: seq, command_status: action.status || STATUS.RINVCMDID }), drop);
      return;
    }
    if (action.status) {
      send(s, new smpp.PDU('submit_sm_resp', { sequence_number: seq, command_status: action.status }), drop);
      return;
    }
    const issued: IssuedId = action.messageId !== undefined ? { messageId: action.messageId } : ids.next(o.idFormat ?? 'decimal');
    const part = toPart(s, pdu, issued.messageId);
    const receipt = planReceipt(part, action);
    trackState(part, issued.messageId, action);
    if (receipt && receipt.beforeResp) sendReceipt(s, part, issued, receipt, t);
    send(s, new smpp.PDU('submit_sm_resp', { sequence_number: seq, message_id: issued.messageId }), drop);
    if (receipt && !receipt.beforeResp) scheduler.after(receipt.delayMs, () => sendReceipt(s, part, issued, receipt, t));
    if (record || wantsMessages()) {
      const message = reassembler.add(part);
      if (message) completed(message);
    }
  }

  function toPart(s: SimSession, pdu: PDU, messageId: string): Part & { payload: Buffer } {
    const body = splitBody(pdu);
    const dataCoding = num(pdu.data_coding);
    return {
      session: s.id,
      from: str(pdu.source_addr), to: str(pdu.destination_addr),
      sourceTon: num(pdu.source_addr_ton), sourceNpi: num(pdu.source_addr_npi),
      destTon: num(pdu.dest_addr_ton), destNpi: num(pdu.dest_addr_npi),
      dataCoding, esmClass: num(pdu.esm_class), registeredDelivery: num(pdu.registered_delivery),
      messageId,
      // Full decoding only when messages are kept; receipts quote 20 characters.
      text: record || wantsMessages() ? safeDecode(body.payload, dataCoding, alphabet()) : '',
      concat: body.concat,
      payload: body.payload,
    };
  }

  function planReceipt(part: Part, action: SubmitAction):
    (ReceiptOutcome & { delayMs: number; beforeResp: boolean; duplicate: boolean }) | undefined {
    if (action.receipt === false) return undefined;
    const scripted = action.receipt;
    const outcome: ReceiptOutcome = scripted
      ? { stat: scripted.stat, err: scripted.err ?? '000', delayMs: scripted.delayMs }
      : outcomeFor(part.to, o.outcomes);
    if (!receiptWanted(part.registeredDelivery, outcome.stat)) return undefined;
    return {
      ...outcome,
      delayMs: outcome.delayMs ?? o.receiptDelayMs ?? DEFAULT_RECEIPT_DELAY_MS,
      beforeResp: scripted ? !!scripted.beforeResp : false,
      duplicate: scripted ? !!scripted.duplicate : false,
    };
  }

  /** The message is ENROUTE until its outcome's time, then final (whether or not a receipt was asked for). */
  function trackState(part: Part & { payload: Buffer }, id: string, action: SubmitAction): void {
    const scripted = action.receipt || undefined;
    const outcome = scripted ? { stat: scripted.stat, err: scripted.err ?? '000', delayMs: scripted.delayMs } : outcomeFor(part.to, o.outcomes);
    const at = Date.now() + (outcome.delayMs ?? o.receiptDelayMs ?? DEFAULT_RECEIPT_DELAY_MS);
    store.add(id, part.from, { stat: outcome.stat, err: outcome.err, at });
  }

  function sendReceipt(
    s: SimSession, part: Part & { payload: Buffer }, issued: IssuedId, outcome: ReceiptOutcome & { duplicate: boolean }, submitted: number,
  ): void {
    if (store.get(issued.messageId, 0)?.state === DELETED) return; // cancelled: nothing is delivered
    const text = record ? part.text : safeDecode(part.payload.subarray(0, RECEIPT_TEXT_BYTES), part.dataCoding, alphabet());
    const r = {
      id: receiptId(issued, o.receiptIdFormat ?? 'same'),
      stat: outcome.stat, err: outcome.err, submitted, done: Date.now(), text,
    };
    const fields = receiptFields(r, part, o.receiptStyle ?? 'tlv+text');
    const shown = Buffer.isBuffer(fields.short_message) ? fields.short_message.toString('latin1') : '';
    const owner = s.systemId ?? systemId();
    for (let i = outcome.duplicate ? 2 : 1; i > 0; i--) route(owner, s.id, { fields, text: shown });
  }

  /** Close after the last write; a peer that never closes its side is dropped after a grace. */
  function close(s: SimSession): void {
    s.end();
    later(s, UNBIND_GRACE_MS, () => s.destroy());
  }

  function onPdu(s: SimSession, pdu: PDU): void {
    if (s.closed) return;
    const t = Date.now();
    const hooked = (pdu.command === 'submit_sm' && o.onSubmit) || (BIND_COMMANDS.has(pdu.command) && o.onBind);
    const logged = logging() || hooked ? toLogged(pdu, s.id, 'in', t, alphabet()) : undefined;
    if (logged) emitPdu(logged);

    if (pdu.isResponse()) {
      if (pdu.command === 'unbind_resp') close(s);
      return;
    }
    switch (pdu.command) {
      case 'submit_sm':
        return onSubmit(s, pdu, logged, t);
      case 'bind_transmitter':
      case 'bind_receiver':
      case 'bind_transceiver':
        return onBind(s, pdu, logged);
      case 'enquire_link':
        answer(s, pdu.response());
        return;
      case 'query_sm':
      case 'cancel_sm':
      case 'replace_sm': {
        const resp = s.canSubmit ? answerFollowUp(pdu.command, pdu, store, Date.now()) : undefined;
        const fields = resp?.fields ?? { command_status: STATUS.RINVBNDSTS };
        answer(s, new smpp.PDU(`${pdu.command}_resp`, { ...fields, sequence_number: pdu.sequence_number }));
        return;
      }
      case 'unbind':
        if (answer(s, pdu.response())) {
          s.bound = undefined;
          event(s.id, 'unbind');
          close(s);
        }
        return;
      default:
        // Unknown command ids and requests this SMSC does not implement (query_sm, data_sm...).
        answer(s, new smpp.PDU('generic_nack', { sequence_number: pdu.sequence_number, command_status: STATUS.RINVCMDID }));
    }
  }

  function onSession(raw: Session): void {
    const s = new SimSession(nextSession++, raw);
    sessions.set(s.id, s);
    event(s.id, 'connect', `${raw.socket.remoteAddress ?? '?'}:${raw.socket.remotePort ?? '?'}`);
    raw.on('error', (err: Error) => {
      event(s.id, 'error', err.message);
      s.destroy();
    });
    raw.on('pdu', (pdu: PDU) => {
      try {
        onPdu(s, pdu);
      } catch (err) {
        event(s.id, 'error', `cannot handle ${pdu.command}: ${(err as Error).message}`);
        s.destroy();
      }
    });
    raw.on('close', () => {
      s.closed = true;
      stats.outstanding -= s.unanswered;
      s.unanswered = 0;
      sessions.delete(s.id);
      event(s.id, 'close');
    });
  }

  function restartEnquireLink(): void {
    if (enquireTimer) clearInterval(enquireTimer);
    enquireTimer = undefined;
    const every = o.enquireLinkMs ?? 0;
    if (every <= 0) return;
    enquireTimer = setInterval(() => {
      if (!answering) return;
      for (const s of sessions.values()) send(s, new smpp.PDU('enquire_link'));
    }, every);
  }

  // ---- listen ----

  const server = smpp.createServer(o.tls ? { key: o.tls.key, cert: o.tls.cert } : {}, onSession);
  server.on('tlsClientError', (err: Error) => event(0, 'error', `TLS handshake: ${err.message}`));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (err: NodeJS.ErrnoException) => {
    await log?.close();
    throw err;
  });
  server.on('error', (err: Error) => event(0, 'error', err.message));
  restartEnquireLink();

  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;

  return {
    host,
    port,
    url: `${o.tls ? 'ssmpp' : 'smpp'}://${urlHost}:${port}`,
    get systemId() {
      return systemId();
    },
    get password() {
      return password();
    },
    received,
    messages,
    events,
    stats,
    sessions: () => sessions.size,
    set(changes) {
      Object.assign(o, changes);
      if ('enquireLinkMs' in changes) restartEnquireLink();
    },
    sendUnbind() {
      for (const s of sessions.values()) {
        send(s, new smpp.PDU('unbind'));
        later(s, UNBIND_GRACE_MS, () => s.destroy());
      }
    },
    sendGarbage(bytes = GARBAGE) {
      for (const s of sessions.values()) s.write(bytes);
    },
    sendRaw(bytes) {
      for (const s of sessions.values()) s.write(bytes);
    },
    dropAll() {
      for (const s of [...sessions.values()]) s.destroy();
    },
    stopAnswering(on) {
      answering = !on;
    },
    injectMo(input) {
      const deliveries = moDeliveries(input, alphabet());
      for (const fields of deliveries) route(systemId(), undefined, { fields });
      return deliveries.length;
    },
    deliver(to, fields) {
      const f: Fields = { esm_class: 0, data_coding: 0, ...fields, destination_addr: to };
      for (const key of ['short_message', 'message_payload']) {
        if (typeof f[key] === 'string') f[key] = Buffer.from(f[key] as string, 'latin1');
      }
      route(systemId(), undefined, { fields: f });
    },
    close() {
      closing ??= (async () => {
        if (enquireTimer) clearInterval(enquireTimer);
        scheduler.clear();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const s of [...sessions.values()]) s.destroy();
        await closed;
        await log?.close();
      })();
      return closing;
    },
  };
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
