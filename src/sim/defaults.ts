// The simulator's defaults: the public credentials (they are in --help) and its timings.

export const SIM_DEFAULTS = { systemId: 'smpp-sim', password: 'sim-secret', host: '127.0.0.1' } as const;

/** Delay before a receipt, and before a message's final state, unless an outcome says otherwise. */
export const DEFAULT_RECEIPT_DELAY_MS = 20;

/** How long an unbind waits for unbind_resp, or a closing peer for its FIN, before the link is dropped. */
export const UNBIND_GRACE_MS = 1000;
