// A raw node-smpp client for driving the simulator over real TCP: no smpp-send code in between,
// so the sim is tested against the library's own view of the wire. Peers and simulators started
// here close when the running test ends.
import { onTestFinished } from 'vitest';
import type { Sim, SimOptions } from '../../src/sim/index.js';
import { startTestSim } from '../helpers/sim.js';
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

/** Connects a peer (unbound) that is closed when the running test ends. */
export async function connectPeer(url: string, extra: Record<string, unknown> = {}, creds = { systemId: 'smpp-sim', password: 'sim-secret' }): Promise<Peer> {
  const peer = await connectRawPeer(url, extra, creds);
  onTestFinished(() => peer.close());
  return peer;
}

function connectRawPeer(url: string, extra: Record<string, unknown>, creds: { systemId: string; password: string }): Promise<Peer> {
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
}

/** One simulator per test (started by the test's first start/connect/bound), peers to it. */
export function useSimPeers(defaults: SimOptions = {}): SimPeers {
  let sim: Sim | undefined;
  const t: SimPeers = {
    get sim() {
      if (!sim) throw new Error('no simulator started in this test');
      return sim;
    },
    start: async (opts = {}) => {
      if (sim) throw new Error('this test already started a simulator');
      const started = await startTestSim({ ...defaults, ...opts });
      sim = started;
      onTestFinished(() => {
        if (sim === started) sim = undefined;
      });
      return started;
    },
    connect: async (opts = {}) => connectPeer((sim ?? (await t.start(opts))).url),
    bound: async (opts = {}, mode = 'transceiver') => {
      const p = await t.connect(opts);
      await p.bind(mode);
      return p;
    },
  };
  return t;
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
