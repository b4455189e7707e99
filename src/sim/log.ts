// PDUs as plain JSON-able records (for `received`, hooks and the log file), and the JSON Lines
// log file. The bind password is masked here, once, so it reaches no list, hook or file.
import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import type { PDU } from '../smpp/codec.js';
import { MASK, UsageError } from '../errors.js';
import { splitBody } from '../sms/user-data.js';
import { safeDecode } from './text.js';
import type { SmscAlphabet } from '../sms/choose-encoding.js';
import type { LoggedPdu } from './types.js';

const HEADER = new Set(['command', 'command_id', 'command_length', 'command_status', 'sequence_number']);

function plain(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

export function toLogged(
  pdu: PDU,
  session: number,
  dir: 'in' | 'out',
  t: number,
  alphabet: SmscAlphabet,
  text?: string,
): LoggedPdu {
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(pdu)) {
    if (HEADER.has(key)) continue;
    const value = pdu[key];
    if (typeof value === 'function') continue;
    fields[key] = key === 'password' && value ? MASK : plain(value);
  }
  const logged: LoggedPdu = {
    t, session, dir, command: pdu.command, status: pdu.command_status, seq: pdu.sequence_number, fields,
  };
  if (text !== undefined) logged.text = text;
  else if (pdu.command === 'submit_sm' || pdu.command === 'deliver_sm') {
    const dc = typeof pdu.data_coding === 'number' ? pdu.data_coding : 0;
    logged.text = safeDecode(splitBody(pdu).payload, dc, alphabet);
  }
  return logged;
}

/** Appends JSON lines. Opened synchronously so a bad path fails startSim, not a later write. */
export class JsonLog {
  private readonly stream: WriteStream;
  constructor(readonly path: string) {
    let fd: number;
    try {
      fd = openSync(path, 'a');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      throw new UsageError(`simulator log file ${path}: cannot open for appending (${code}); check that the directory exists and is writable`);
    }
    this.stream = createWriteStream('', { fd });
    // A failing disk must not crash the simulator; the lines are lost, the SMSC keeps serving.
    this.stream.on('error', () => {});
  }

  write(record: unknown): void {
    this.stream.write(JSON.stringify(record) + '\n');
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.stream.end(() => resolve());
    });
  }
}
