// The built-in SMSC simulator: a real SMPP server on 127.0.0.1 (port 0 by default) for tests,
// demos and users' own integration tests. Script it per test with the hooks in SimOptions.
export { SIM_DEFAULTS } from './defaults.js';
export { startSim } from './server.js';
export { RATE_LIMIT_MODES, SubmitRateLimiter } from './rate-limit.js';
export type {
  IdFormat, LoggedPdu, MoInput, OutcomeRule, ReceiptIdFormat, ReceiptStyle, Sim, SimEvent, SimMessage, SimOptions,
  SimStats, SmscAlphabet, SubmitAction, RateLimit, RateLimitMode,
} from './types.js';
