// The simulated SMSC: a node-smpp server whose every request we answer ourselves. The server
// keeps the sockets (listen, sessions, enquire_link, close) and hands each PDU to a handler
// (handler.ts), the way go-smpp's smpptest keeps a small Server with a swappable Handler.
// node-smpp sessions wedge after a malformed PDU (they emit 'error' and stop reading), so any
// session error destroys that session; the server and the other sessions carry on.
import type { AddressInfo, Server } from 'node:net';
import { smpp, type PDU, type Session } from '../smpp/codec.js';
import { SimContext } from './context.js';
import { SIM_DEFAULTS, UNBIND_GRACE_MS } from './defaults.js';
import { handlePdu, type PduHandler } from './handler.js';
import { JsonLog } from './log.js';
import { moDeliveries } from './mo.js';
import { SimRecorder } from './recorder.js';
import { SimSession } from './session.js';
import type { LoggedPdu, MoInput, Sim, SimEvent, SimMessage, SimOptions, SimStats } from './types.js';

/** A 4 GiB command_length: every SMPP parser refuses it. */
const GARBAGE = Buffer.from('ffffffff67617262616765', 'hex');

export async function startSim(opts: SimOptions = {}): Promise<Sim> {
  const o: SimOptions = { ...opts };
  const host = o.host ?? SIM_DEFAULTS.host;
  const log = o.logFile ? new JsonLog(o.logFile) : undefined;
  const ctx = new SimContext(o, new SimRecorder(o, o.record ?? true, log));
  let nextSession = 1;
  const server = smpp.createServer(o.tls ? { key: o.tls.key, cert: o.tls.cert } : {}, (raw: Session) => {
    openSession(ctx, new SimSession(nextSession++, raw), handlePdu);
  });
  server.on('tlsClientError', (err: Error) => ctx.recorder.event(0, 'error', `TLS handshake: ${err.message}`));
  await listen(server, o.port ?? 0, host).catch(async (err: NodeJS.ErrnoException) => {
    await log?.close();
    throw err;
  });
  server.on('error', (err: Error) => ctx.recorder.event(0, 'error', err.message));
  return new RunningSim(ctx, server, host);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function openSession(ctx: SimContext, s: SimSession, handle: PduHandler): void {
  const { raw } = s;
  ctx.sessions.set(s.id, s);
  ctx.recorder.event(s.id, 'connect', `${raw.socket.remoteAddress ?? '?'}:${raw.socket.remotePort ?? '?'}`);
  raw.on('error', (err: Error) => {
    ctx.recorder.event(s.id, 'error', err.message);
    s.destroy();
  });
  raw.on('pdu', (pdu: PDU) => {
    try {
      handle(ctx, s, pdu);
    } catch (err) {
      ctx.recorder.event(s.id, 'error', `cannot handle ${pdu.command}: ${(err as Error).message}`);
      s.destroy();
    }
  });
  raw.on('close', () => {
    s.closed = true;
    ctx.stats.outstanding -= s.unanswered;
    s.unanswered = 0;
    ctx.sessions.delete(s.id);
    ctx.recorder.event(s.id, 'close');
  });
}

/** The handle startSim returns: what the sim recorded, and the calls that script it live. */
class RunningSim implements Sim {
  readonly port: number;
  readonly url: string;
  readonly received: LoggedPdu[];
  readonly messages: SimMessage[];
  readonly events: SimEvent[];
  readonly stats: SimStats;
  private enquireTimer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly ctx: SimContext, private readonly server: Server, readonly host: string) {
    this.port = (server.address() as AddressInfo).port;
    const urlHost = host.includes(':') ? `[${host}]` : host;
    this.url = `${ctx.o.tls ? 'ssmpp' : 'smpp'}://${urlHost}:${this.port}`;
    this.received = ctx.recorder.received;
    this.messages = ctx.recorder.messages;
    this.events = ctx.recorder.events;
    this.stats = ctx.stats;
    this.restartEnquireLink();
  }

  get systemId(): string {
    return this.ctx.systemId;
  }

  get password(): string {
    return this.ctx.password;
  }

  sessions(): number {
    return this.ctx.sessions.size;
  }

  set(changes: Partial<SimOptions>): void {
    Object.assign(this.ctx.o, changes);
    if ('enquireLinkMs' in changes) this.restartEnquireLink();
  }

  sendUnbind(): void {
    for (const s of this.ctx.sessions.values()) {
      this.ctx.send(s, new smpp.PDU('unbind'));
      this.ctx.later(s, UNBIND_GRACE_MS, () => s.destroy());
    }
  }

  sendGarbage(bytes = GARBAGE): void {
    this.sendRaw(bytes);
  }

  sendRaw(bytes: Buffer): void {
    for (const s of this.ctx.sessions.values()) s.write(bytes);
  }

  dropAll(): void {
    for (const s of [...this.ctx.sessions.values()]) s.destroy();
  }

  stopAnswering(on: boolean): void {
    this.ctx.answering = !on;
  }

  injectMo(input: MoInput): number {
    const deliveries = moDeliveries(input, this.ctx.alphabet);
    for (const fields of deliveries) this.ctx.delivery.route(this.ctx.systemId, undefined, { fields });
    return deliveries.length;
  }

  deliver(to: string, fields: Record<string, unknown>): void {
    const f: Record<string, unknown> = { esm_class: 0, data_coding: 0, ...fields, destination_addr: to };
    for (const key of ['short_message', 'message_payload']) {
      if (typeof f[key] === 'string') f[key] = Buffer.from(f[key] as string, 'latin1');
    }
    this.ctx.delivery.route(this.ctx.systemId, undefined, { fields: f });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.enquireTimer) clearInterval(this.enquireTimer);
      this.ctx.scheduler.clear();
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      for (const s of [...this.ctx.sessions.values()]) s.destroy();
      await closed;
      await this.ctx.recorder.log?.close();
    })();
    return this.closing;
  }

  private restartEnquireLink(): void {
    if (this.enquireTimer) clearInterval(this.enquireTimer);
    this.enquireTimer = undefined;
    const every = this.ctx.o.enquireLinkMs ?? 0;
    if (every <= 0) return;
    this.enquireTimer = setInterval(() => {
      if (!this.ctx.answering) return;
      for (const s of this.ctx.sessions.values()) this.ctx.send(s, new smpp.PDU('enquire_link'));
    }, every);
  }
}
