// A raw node-smpp client for driving the simulator over real TCP: no smpp-send code in between,
// so the sim is tested against the library's own view of the wire.
import { afterEach } from 'vitest';
import { startSim, type Sim, type SimOptions } from '../../src/sim/index.js';
import { smpp, type PDU, type Session } from '../../src/smpp/codec.js';

export interface Peer {
  session: Session;
  /** Every PDU received, in order. */
  pdus: PDU[];
  /** Sends a request and resolves with its response (or generic_nack). */
  request(command: string, fields?: Record<string, unknown>): Promise<PDU>;
  /** Resolves with the next received PDU of that command not yet taken. */
  next(command: string): Promise<PDU>;
  bind(mode?: 'transceiver' | 'transmitter' | 'receiver', creds?: { systemId?: string; password?: string }): Promise<PDU>;
  /** Resolves when the socket closes. */
  closed: Promise<void>;
  close(): void;
}

export function connectPeer(url: string, extra: Record<string, unknown> = {}, creds = { systemId: 'smpp-sim', password: 'sim-secret' }): Promise<Peer> {
  return new Promise((resolve, reject) => {
    const session = smpp.connect({ url, ...extra });
    const pdus: PDU[] = [];
    const taken = new Set<PDU>();
    const waiters: { command: string; resolve: (p: PDU) => void }[] = [];
    let closedResolve: () => void = () => {};
    const closed = new Promise<void>((r) => (closedResolve = r));
    session.on('error', () => {}); // tests look at `closed`; a reset is expected in some
    session.socket.on('close', () => closedResolve());
    session.on('pdu', (pdu: PDU) => {
      pdus.push(pdu);
      // Answer what an ESME must answer, as any real client does.
      if (pdu.command === 'deliver_sm' || pdu.command === 'enquire_link') session.send(pdu.response());
      const w = waiters.findIndex((x) => x.command === pdu.command);
      if (w >= 0) {
        taken.add(pdu);
        waiters.splice(w, 1)[0].resolve(pdu);
      }
    });
    const peer: Peer = {
      session,
      pdus,
      closed,
      request: (command, fields = {}) =>
        new Promise((res) => {
          session.send(new smpp.PDU(command, fields), res);
        }),
      next: (command) => {
        const ready = pdus.find((p) => p.command === command && !taken.has(p));
        if (ready) {
          taken.add(ready);
          return Promise.resolve(ready);
        }
        return new Promise((res) => waiters.push({ command, resolve: res }));
      },
      bind: (mode = 'transceiver', c = {}) =>
        peer.request(`bind_${mode}`, {
          system_id: c.systemId ?? creds.systemId,
          password: c.password ?? creds.password,
          interface_version: 0x34,
        }),
      close: () => session.destroy(),
    };
    session.socket.once(extra.tls || url.startsWith('ssmpp') ? 'secureConnect' : 'connect', () => resolve(peer));
    session.socket.once('error', reject);
  });
}

type BindMode = 'transceiver' | 'transmitter' | 'receiver';

export interface SimPeers {
  /** This test's simulator; throws if none was started. */
  readonly sim: Sim;
  /** Starts this test's simulator with `opts` over the file's defaults. */
  start(opts?: SimOptions): Promise<Sim>;
  /** Connects an unbound peer, starting the simulator with `opts` if this test has none yet. */
  connect(opts?: SimOptions): Promise<Peer>;
  /** connect(), then bind as `mode`. */
  bound(opts?: SimOptions, mode?: BindMode): Promise<Peer>;
  /** Closes `p` after the test too. */
  track(p: Peer): Peer;
}

/** Registers an afterEach that closes the test's peers, then its simulator. */
export function useSimPeers(defaults: SimOptions = {}): SimPeers {
  let sim: Sim | undefined;
  const peers: Peer[] = [];
  afterEach(async () => {
    for (const p of peers.splice(0)) p.close();
    await sim?.close();
    sim = undefined;
  });
  const t: SimPeers = {
    get sim() {
      if (!sim) throw new Error('no simulator started in this test');
      return sim;
    },
    start: async (opts = {}) => {
      if (sim) throw new Error('this test already started a simulator');
      sim = await startSim({ ...defaults, ...opts });
      return sim;
    },
    connect: async (opts = {}) => t.track(await connectPeer((sim ?? (await t.start(opts))).url)),
    bound: async (opts = {}, mode = 'transceiver') => {
      const p = await t.connect(opts);
      await p.bind(mode);
      return p;
    },
    track: (p) => {
      peers.push(p);
      return p;
    },
  };
  return t;
}

/** Resolves once `check` passes, polling: for state the sim reaches asynchronously. */
export async function until(check: () => boolean, what: string, limitMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A plain one-part submit_sm; override any field. */
export function sm(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    source_addr: 'ACME', source_addr_ton: 5, source_addr_npi: 0,
    destination_addr: '447700900001', dest_addr_ton: 1, dest_addr_npi: 1,
    data_coding: 0, short_message: Buffer.from('hello'),
    ...fields,
  };
}
