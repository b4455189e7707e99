// Shared pieces for the session-layer tests: options, sessions and raw node-smpp servers (hostile
// peers included) that end with their test, and throw-away TLS certificates. Everything listens
// on 127.0.0.1, port 0.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, onTestFinished } from 'vitest';
import { SESSION_WORDING } from '../../src/config/session-wording.js';
import type { Sim, SimOptions } from '../../src/sim/index.js';
import { smpp, type RawPdu, type Session } from '../../src/smpp/codec.js';
import { openSession, type SessionOptions, type SmppSession } from '../../src/smpp/index.js';
import { startTestSim } from '../helpers/sim.js';

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

/** Opens a session that is destroyed when the running test ends. */
export async function openTestSession(opts: SessionOptions): Promise<SmppSession> {
  const session = await openSession(opts);
  onTestFinished(() => session.destroy());
  return session;
}

/** A simulator and a session bound to it with the simulator's credentials; both end with the test. */
export async function boundSession(simOpts: SimOptions = {}, over: Partial<SessionOptions> = {}): Promise<{ sim: Sim; session: SmppSession }> {
  const sim = await startTestSim(simOpts);
  return { sim, session: await openTestSession(simOptions(sim, over)) };
}

export interface Listening {
  port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:0 until the running test ends; close() (also called then) destroys the open sockets. */
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
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (server.listening) server.close(() => resolve());
      else resolve();
    });
  onTestFinished(close);
  return { port: (server.address() as net.AddressInfo).port, close };
}

export interface RawServer extends Listening {
  /** Every PDU the server received, in order. */
  received: RawPdu[];
  /** The server side of the open sessions, in accept order (closed ones drop out). */
  sessions: Session[];
}

/**
 * A bare node-smpp server, closed when the running test ends: binds are accepted (or answered by `onPdu`), every PDU is recorded,
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

/**
 * Certificates for the tests of the enclosing file or describe: made before its first test,
 * removed after its last. The object is filled in by then; read its fields inside tests.
 */
export function useCerts(): Certs {
  const certs = {} as Certs;
  beforeAll(() => void Object.assign(certs, makeCerts()));
  afterAll(() => certs.cleanup());
  return certs;
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
