// How a session's link ends, told as errors: lost, closed or unbound by the SMSC, stalled,
// malformed input. Pure: each function only builds the error.
import { LinkClosedError } from '../errors.js';
import { seconds } from './connect.js';

export function connectionLost(hostPort: string, err: NodeJS.ErrnoException): LinkClosedError {
  return new LinkClosedError(`connection to ${hostPort} lost (${err.code ?? err.message})`, 'check the network and the SMSC', { cause: err });
}

export function notWritable(hostPort: string): LinkClosedError {
  return new LinkClosedError(`connection to ${hostPort} lost (no longer writable)`, 'check the network and the SMSC');
}

export function malformedPdu(hostPort: string, err: Error): LinkClosedError {
  return new LinkClosedError(`received a malformed PDU from the SMSC ${hostPort}: ${err.message}`, 'report it to the SMSC operator (run with --debug to see the PDUs)', {
    cause: err,
  });
}

export function closedBySmsc(hostPort: string): LinkClosedError {
  return new LinkClosedError(`connection closed by the SMSC ${hostPort}`, 'check the SMSC; connect again');
}

export function unboundBySmsc(hostPort: string): LinkClosedError {
  return new LinkClosedError(`the SMSC ${hostPort} unbound the session (sent unbind)`, 'it may be restarting or closing idle sessions; connect again');
}

export function stalled(hostPort: string, stallMs: number): LinkClosedError {
  return new LinkClosedError(
    `the SMSC ${hostPort} read nothing we sent for ${seconds(stallMs)} (--response-timeout): link stalled`,
    'the SMSC stopped reading: check it (and the network)',
  );
}

/** openSession: the bind was accepted, and the link ended in the same read. */
export function lostRightAfterBind(hostPort: string, reason: LinkClosedError | undefined): LinkClosedError {
  return new LinkClosedError(`link to ${hostPort} lost right after bind: ${reason?.message ?? 'session closed'}`, reason?.fix ?? 'check the SMSC; connect again', {
    cause: reason,
  });
}

/** A request refused because the session is no longer bound; `why` is the link's end, if it was lost. */
export function notOpen(hostPort: string, unbinding: boolean, why: LinkClosedError | undefined): LinkClosedError {
  const reason = why === undefined ? '' : ` (${why.message})`;
  return new LinkClosedError(`the session with ${hostPort} is ${unbinding ? 'unbinding' : 'closed'}${reason}: cannot submit`, undefined, { cause: why });
}
