// What a user of smpp-send is told when a session cannot be had or is lost: the flag that sets
// each limit the session layer names, and what to do, by flag. smpp/ states what happened
// (smpp/wording.ts); these are the CLI's words for it, handed over in the session options.
import type { Failure, Setting, Wording } from '../smpp/index.js';
import { statusHint } from '../sms/status.js';

const FLAGS: Record<Setting, string> = { connectTimeout: '--connect-timeout', responseTimeout: '--response-timeout', ca: '--ca' };

const INSECURE = 'or skip the check with --insecure (not for production)';
const SMPP_PORT_OR_TLS = 'is it an SMPP port? TLS needed (--tls)?';

type Advice = { [K in Failure['kind']]: string | ((failure: Failure & { kind: K }) => string) };

const ADVICE: Advice = {
  refused: 'is the SMSC running and is the port right?',
  dns: 'check --host and your DNS',
  unreachable: 'check --host and the network route to the SMSC',
  'no-answer': (f) =>
    f.tls ? 'check --host, --port and the firewall; is it a TLS port? (or raise --connect-timeout)' : 'check --host, --port and the firewall (or raise --connect-timeout)',
  'closed-early': (f) => (f.tls ? 'is it an SMPP-over-TLS port? check --port, or drop --tls' : SMPP_PORT_OR_TLS),
  'tls-handshake': 'is it a TLS port? drop --tls for a plain SMPP port, or check --port',
  'connect-failed': 'check --host and --port',
  // Only an untrusted certificate is helped by --ca.
  certificate: (f) => {
    switch (f.problem) {
      case 'untrusted':
        return f.ca === undefined
          ? `pass the SMSC's CA certificate with --ca FILE, ${INSECURE}`
          : `--ca ${f.ca} does not hold the CA that signed the SMSC's certificate: ask the SMSC operator for it, ${INSECURE}`;
      case 'out-of-date':
        return `the SMSC operator must renew it (check this machine's clock too); --ca cannot help, ${INSECURE}`;
      case 'wrong-host':
        return `set --host to a name the certificate is for, or ask the SMSC operator; ${INSECURE}`;
      case 'revoked':
        return 'ask the SMSC operator for a valid certificate; do not skip the check';
    }
  },
  'no-bind-answer': (f) => (f.tls ? 'is it an SMPP-over-TLS port? check --port' : SMPP_PORT_OR_TLS),
  'tls-expected': 'it expects TLS: add --tls',
  'not-smpp': 'check --port / --tls',
  'bind-refused': (f) => statusHint(f.status) ?? 'check --system-id, --password (or SMPP_PASSWORD), --system-type, --bind and --interface-version',
  'ca-unreadable': 'give the path of a PEM file holding the CA certificate',
  'ca-no-certificate': (f) =>
    f.der ? `convert it: openssl x509 -inform der -in ${f.path} -out ca.pem, and pass ca.pem` : "give a PEM file with a -----BEGIN CERTIFICATE----- block (the SMSC's CA)",
  'ca-damaged': 'get the CA certificate again from the SMSC operator',
  'response-timeout': 'raise --response-timeout, or ask the SMSC why it is slow',
  'enquire-link-timeout': 'the SMSC or the network stopped answering: check both (--enquire-link sets how often we ask)',
  protocol: 'report it to the SMSC operator (run with --debug to see the PDUs)',
  'short-message-too-long': 'split the text into parts, or send it as message_payload (--split payload)',
};

export const SESSION_WORDING: Wording = {
  setting: (name) => FLAGS[name],
  advice: (failure) => {
    const advice = ADVICE[failure.kind] as string | ((f: Failure) => string);
    return typeof advice === 'string' ? advice : advice(failure);
  },
};
