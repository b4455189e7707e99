// How a session's link ends, or a request goes unanswered, told as errors: lost, closed or
// unbound by the SMSC, stalled, malformed input, no response in time. Pure: each function
// only builds the error.
import { LinkClosedError, ResponseTimeoutError } from '../errors.js';
import { seconds } from './connect.js';
import type { Wording } from './wording.js';

export function connectionLost(hostPort: string, err: NodeJS.ErrnoException): LinkClosedError {
  return new LinkClosedError(`connection to ${hostPort} lost (${err.code ?? err.message})`, 'check the network and the SMSC', { cause: err });
}

export function notWritable(hostPort: string): LinkClosedError {
  return new LinkClosedError(`connection to ${hostPort} lost (no longer writable)`, 'check the network and the SMSC');
}

export function malformedPdu(hostPort: string, err: Error, wording: Wording): LinkClosedError {
  return new LinkClosedError(`received a malformed PDU from the SMSC ${hostPort}: ${err.message}`, wording.advice({ kind: 'protocol' }), { cause: err });
}

export function closedBySmsc(hostPort: string): LinkClosedError {
  return new LinkClosedError(`connection closed by the SMSC ${hostPort}`, 'check the SMSC; connect again');
}

export function unboundBySmsc(hostPort: string): LinkClosedError {
  return new LinkClosedError(`the SMSC ${hostPort} unbound the session (sent unbind)`, 'it may be restarting or closing idle sessions; connect again');
}

/** Nothing we wrote left for stallMs, the response timeout. */
export function stalled(hostPort: string, stallMs: number, wording: Wording): LinkClosedError {
  return new LinkClosedError(
    `the SMSC ${hostPort} read nothing we sent for ${seconds(stallMs)} (${wording.setting('responseTimeout')}): link stalled`,
    'the SMSC stopped reading: check it (and the network)',
  );
}

/** No `command`_resp within the response timeout; `tail` says what that means. */
export function responseTimeout(command: string, timeoutMs: number, wording: Wording, tail = ''): ResponseTimeoutError {
  return new ResponseTimeoutError(`no ${command}_resp within ${seconds(timeoutMs)} (${wording.setting('responseTimeout')})${tail}`, wording.advice({ kind: 'response-timeout' }));
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
