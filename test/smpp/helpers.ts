// Shared pieces for the session-layer tests: options, raw node-smpp servers (hostile peers
// included) and throw-away TLS certificates. Everything listens on 127.0.0.1, port 0.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { SESSION_WORDING } from '../../src/config/session-wording.js';
import { startSim, type Sim, type SimOptions } from '../../src/sim/index.js';
import { smpp, type RawPdu, type Session } from '../../src/smpp/codec.js';
import { openSession, type SessionOptions, type SmppSession } from '../../src/smpp/index.js';

export const HOST = '127.0.0.1';
export const SYSTEM_ID = 'tester';
export const PASSWORD = 'pw-Secr3t';

export function options(port: number, over: Partial<SessionOptions> = {}): SessionOptions {
  return {
    host: HOST,
    port,
    tls: false,
    insecure: false,
    systemId: SYSTEM_ID,
    password: PASSWORD,
    systemType: '',
    interfaceVersion: 0x34,
    bindMode: 'transceiver',
    addressRange: '',
    addrTon: 0,
    addrNpi: 0,
    connectTimeoutMs: 2000,
    responseTimeoutMs: 2000,
    enquireLinkMs: 0,
    window: 10,
    wording: SESSION_WORDING, // the CLI's flag names and advice, which the tests assert
    ...over,
  };
}

/** Session options that log in to `sim` with its own credentials. */
export function simOptions(sim: Sim, over: Partial<SessionOptions> = {}): SessionOptions {
  return options(sim.port, { systemId: sim.systemId, password: sim.password, ...over });
}

export interface SimSessions {
  /** Starts a simulator that is closed after the test. */
  sim(simOpts?: SimOptions): Promise<Sim>;
  /** Starts a raw server (see rawServer) that is closed after the test. */
  raw(...args: Parameters<typeof rawServer>): Promise<RawServer>;
  /** Opens a session that is destroyed after the test. */
  open(opts: SessionOptions): Promise<SmppSession>;
  /** A simulator and a session bound to it with the simulator's credentials. */
  bound(simOpts?: SimOptions, over?: Partial<SessionOptions>): Promise<{ sim: Sim; session: SmppSession }>;
}

/** Registers an afterEach that destroys the test's sessions, then closes its servers. */
export function useSimSessions(): SimSessions {
  let sessions: SmppSession[] = [];
  let servers: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const s of sessions) s.destroy();
    for (const s of servers) await s.close();
    sessions = [];
    servers = [];
  });
  const sim = async (simOpts: SimOptions = {}) => {
    const s = await startSim(simOpts);
    servers.push(s);
    return s;
  };
  const open = async (opts: SessionOptions) => {
    const s = await openSession(opts);
    sessions.push(s);
    return s;
  };
  return {
    sim,
    open,
    raw: async (...args) => {
      const r = await rawServer(...args);
      servers.push(r);
      return r;
    },
    bound: async (simOpts = {}, over = {}) => {
      const s = await sim(simOpts);
      return { sim: s, session: await open(simOptions(s, over)) };
    },
  };
}

export interface Listening {
  port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:0; close() also destroys the open sockets. */
export async function listen(server: net.Server): Promise<Listening> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface RawServer extends Listening {
  /** Every PDU the server received, in order. */
  received: RawPdu[];
  /** The server side of the open sessions, in accept order (closed ones drop out). */
  sessions: Session[];
}

/**
 * A bare node-smpp server: binds are accepted (or answered by `onPdu`), every PDU is recorded,
 * and `onPdu` decides the rest. Returning true from onPdu means "handled".
 */
export async function rawServer(
  onPdu: (pdu: RawPdu, session: Session) => boolean | void = () => {},
  tls?: { key: Buffer; cert: Buffer },
): Promise<RawServer> {
  const received: RawPdu[] = [];
  const sessions: Session[] = [];
  const server = smpp.createServer(tls ?? {}, (session: Session) => {
    sessions.push(session);
    session.socket.on('close', () => sessions.splice(sessions.indexOf(session), 1));
    session.on('error', () => session.destroy());
    session.on('pdu', (pdu: RawPdu) => {
      received.push(pdu);
      if (onPdu(pdu, session)) return;
      if (pdu.command.startsWith('bind_') && !pdu.isResponse()) session.send(pdu.response({ system_id: 'raw' }));
    });
  });
  const l = await listen(server);
  return { ...l, received, sessions };
}

/** Resolves when `check` is true, polling each 5 ms (the tests' own bound is vitest's timeout). */
export async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
}

export interface Certs {
  ca: Buffer;
  caPath: string;
  /** Signed by ca for localhost and 127.0.0.1. */
  key: Buffer;
  cert: Buffer;
  /** Signed by ca, but only for smsc.example. */
  otherKey: Buffer;
  otherCert: Buffer;
  cleanup(): void;
}

/** A throw-away CA and two server certificates (openssl, EC keys: fast). */
export function makeCerts(): Certs {
  const dir = mkdtempSync(join(tmpdir(), 'smpp-tls-'));
  const p = (name: string) => join(dir, name);
  const ossl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ossl('req', '-x509', ...ec, '-keyout', p('ca.key'), '-out', p('ca.pem'), '-days', '2', '-subj', '/CN=smpp-send test CA');
  const issue = (name: string, cn: string, san: string) => {
    writeFileSync(p(`${name}.ext`), `subjectAltName=${san}\n`);
    ossl('req', ...ec, '-keyout', p(`${name}.key`), '-out', p(`${name}.csr`), '-subj', `/CN=${cn}`);
    ossl('x509', '-req', '-in', p(`${name}.csr`), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial',
      '-out', p(`${name}.pem`), '-days', '2', '-extfile', p(`${name}.ext`));
  };
  issue('server', 'localhost', 'DNS:localhost,IP:127.0.0.1');
  issue('other', 'smsc.example', 'DNS:smsc.example');
  return {
    ca: readFileSync(p('ca.pem')),
    caPath: p('ca.pem'),
    key: readFileSync(p('server.key')),
    cert: readFileSync(p('server.pem')),
    otherKey: readFileSync(p('other.key')),
    otherCert: readFileSync(p('other.pem')),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
