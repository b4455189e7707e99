// Rules between the flags that name what a send reads. Checked where the settings are checked
// (config/check.ts) and again where the inputs are opened (send/source.ts, which callers other
// than the CLI reach with unchecked options): one definition for both.
import { UsageError } from '../errors.js';

export interface InputFlags {
  text?: string | undefined;
  hex?: string | undefined;
  toFile?: string | undefined;
  batch?: string | undefined;
}

/** A text or binary bytes, not both. */
export function checkTextOrHex(inputs: InputFlags): void {
  if (inputs.text !== undefined && inputs.hex !== undefined) {
    throw new UsageError('--text and --hex both given: send either a text or binary bytes, not both');
  }
}

export const STDIN_READER_FLAGS = { text: '--text', toFile: '--to-file', batch: '--batch' } as const;
export type StdinReader = keyof typeof STDIN_READER_FLAGS;

/** The inputs given as `-` (standard input), in flag order. At most one of them can read it. */
export function stdinReaders(inputs: InputFlags): StdinReader[] {
  return (['text', 'toFile', 'batch'] as const).filter((k) => inputs[k] === '-');
}

/** The --batch format when --batch-format is not given: JSON Lines by the file name, else CSV. */
export function batchFormatOf(path: string): 'csv' | 'jsonl' {
  return /\.(jsonl|ndjson)$/i.test(path) ? 'jsonl' : 'csv';
}
