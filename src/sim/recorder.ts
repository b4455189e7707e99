// What the simulator tells the outside world: the `received`, `messages` and `events` lists
// (when `record` is on), the JSON Lines log file, and the onPdu / onEvent / onMessage hooks.
// Hooks are read from the live options at each call, so set() can change them.
import type { JsonLog } from './log.js';
import type { LoggedPdu, SimEvent, SimMessage, SimOptions } from './types.js';

export class SimRecorder {
  readonly received: LoggedPdu[] = [];
  readonly messages: SimMessage[] = [];
  readonly events: SimEvent[] = [];

  constructor(
    private readonly o: SimOptions,
    readonly record: boolean,
    readonly log: JsonLog | undefined,
  ) {}

  /** PDUs are wanted: kept, logged to a file, or handed to a hook. */
  get logging(): boolean {
    return this.record || !!this.log || !!this.o.onPdu;
  }

  /** Whole messages are wanted beyond `messages`: by a hook, or as lines in the log file. */
  get wantsMessages(): boolean {
    return !!this.o.onMessage || !!this.log;
  }

  event(session: number, type: SimEvent['type'], detail?: string): void {
    const e: SimEvent = { t: Date.now(), session, type };
    if (detail !== undefined) e.detail = detail;
    if (this.record) this.events.push(e);
    this.o.onEvent?.(e);
  }

  pdu(p: LoggedPdu): void {
    if (this.record && p.dir === 'in') this.received.push(p);
    this.log?.write(p);
    this.o.onPdu?.(p);
  }

  message(m: SimMessage): void {
    if (this.record) this.messages.push(m);
    // In the log beside the PDUs: the text a handset shows, not only each part's (no `command`).
    this.log?.write({ t: Date.now(), session: m.session, type: 'message', from: m.from, to: m.to, parts: m.parts, messageIds: m.messageIds, dataCoding: m.dataCoding, text: m.text });
    this.o.onMessage?.(m);
  }
}
