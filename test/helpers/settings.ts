// A complete Settings for in-process runs (runSend) against a simulator. Built from the option
// table's own defaults (the same ones a real run starts from), so a new option or a changed
// default reaches the tests without editing this file; only what makes tests fast and quiet is
// changed here.
import { Readable } from 'node:stream';
import type { Settings } from '../../src/config/settings.js';
import { defaultValues } from '../../src/config/merge.js';
import type { RunDeps } from '../../src/send/run.js';
import type { RunEvent } from '../../src/send/events.js';

/** Where to connect: a started simulator (`Sim` fits). */
export interface SimTarget {
  host: string;
  port: number;
  systemId: string;
  password: string;
}

export type SettingsOverrides = Partial<Settings> & { sim?: SimTarget };

/** Short timeouts and retry delays, no keepalive, no terminal output; one recipient, one text. */
const TEST_DEFAULTS: Partial<Settings> = {
  host: '127.0.0.1',
  connectTimeoutMs: 2_000,
  responseTimeoutMs: 2_000,
  enquireLinkMs: 0,
  retryDelayMs: 10,
  reconnectAttempts: 2,
  reconnectDelayMs: 50,
  to: ['+447700900123'],
  text: 'hello',
  color: false,
  progress: false,
};

export function makeSettings(overrides: SettingsOverrides = {}): Settings {
  const { sim, ...rest } = overrides;
  const target = sim ? { host: sim.host, port: sim.port, systemId: sim.systemId, password: sim.password } : {};
  return { ...(defaultValues() as unknown as Settings), ...TEST_DEFAULTS, ...target, ...rest };
}

/** RunDeps that collect events: stdin is empty unless given. */
export function collectingDeps(stdin?: string): RunDeps & { events: RunEvent[] } {
  const events: RunEvent[] = [];
  return {
    events,
    stdin: Readable.from(stdin === undefined ? [] : [Buffer.from(stdin)]),
    emit: (e) => events.push(e),
  };
}

/** The events of one type, typed. */
export function eventsOf<T extends RunEvent['type']>(events: RunEvent[], type: T): Extract<RunEvent, { type: T }>[] {
  return events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);
}
