// Our enquire_link: one every periodMs, each with a reply deadline. node-smpp's
// auto_enquire_link_period only sends and never notices a dead peer; a silent TCP link (NAT
// timeout, frozen SMSC) otherwise goes unnoticed until the response timeouts pile up.
import { LinkClosedError } from '../errors.js';
import { seconds } from './connect.js';
import { PLAIN_WORDING, type Wording } from './wording.js';

export class Keepalive {
  private timer: NodeJS.Timeout | undefined;
  private generation = 0; // a reply to an older ping (after stop/start) is ignored

  /**
   * @param ping sends an enquire_link and calls onReply when any response to it arrives
   * @param onDead called once with the reason when a reply misses its deadline
   */
  constructor(
    private readonly periodMs: number,
    private readonly timeoutMs: number,
    private readonly ping: (onReply: () => void) => void,
    private readonly onDead: (err: LinkClosedError) => void,
    private readonly wording: Wording = PLAIN_WORDING,
  ) {}

  start(): void {
    if (this.periodMs > 0) this.schedule();
  }

  stop(): void {
    this.generation++;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.timer = setTimeout(this.tick, this.periodMs);
  }

  private readonly tick = (): void => {
    const generation = this.generation;
    this.timer = setTimeout(() => {
      if (generation !== this.generation) return;
      this.stop();
      this.onDead(
        new LinkClosedError(`no enquire_link_resp within ${seconds(this.timeoutMs)}: link dead`, this.wording.advice({ kind: 'enquire-link-timeout' })),
      );
    }, this.timeoutMs);
    this.ping(() => {
      if (generation !== this.generation) return;
      clearTimeout(this.timer);
      this.schedule();
    });
  };
}
