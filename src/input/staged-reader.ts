// Several inputs read one after the other (--to flags, --to-file, --batch), each in batches, and
// handed out item by item: a row costs a resolved promise rather than a trip through nested
// async generators (which cost more than parsing the row).
import { readError, type Input } from './open-input.js';
import { LineReader, type RawLine } from './lines.js';

/** One input, read in batches: the items of the next chunk (maybe none), or null at its end. */
export interface Stage<T> {
  pull(): Promise<T[] | null>;
  close(): Promise<void>;
}

/**
 * The items of the stages in order. `open` runs on the first pull: everything that can fail for
 * the whole input fails there, before the first item. Every stage is closed at the end, on an
 * error, or when the consumer stops early.
 */
export class StagedReader<T> implements AsyncIterator<T> {
  private stages: Stage<T>[] | undefined;
  private stage = 0;
  private batch: T[] = [];
  private i = 0;
  private done = false;

  constructor(private readonly open: () => Promise<Stage<T>[]>) {}

  next(): Promise<IteratorResult<T>> {
    if (this.i < this.batch.length) return Promise.resolve({ value: this.batch[this.i++]!, done: false });
    return this.fill();
  }

  async return(): Promise<IteratorResult<T>> {
    await this.close();
    return { value: undefined, done: true };
  }

  private async fill(): Promise<IteratorResult<T>> {
    try {
      this.stages ??= await this.open();
      while (!this.done && this.stage < this.stages.length) {
        const items = await this.stages[this.stage]!.pull();
        if (items === null) this.stage++;
        else if (items.length > 0) {
          this.batch = items;
          this.i = 1;
          return { value: items[0]!, done: false };
        }
      }
    } catch (err) {
      await this.close();
      throw err;
    }
    await this.close();
    return { value: undefined, done: true };
  }

  private async close(): Promise<void> {
    this.done = true;
    this.batch = [];
    this.i = 0;
    for (const s of this.stages ?? []) await s.close();
  }
}

/** A stage reading a file line by line (--to-file, JSON Lines): each line gives one item or none. */
export function lineStage<T>(input: Input, flag: string, itemOf: (line: RawLine) => T | undefined): Stage<T> {
  const reader = new LineReader(input.stream);
  return {
    async pull() {
      let lines;
      try {
        lines = await reader.pull();
      } catch (err) {
        throw readError(err, input.name, flag);
      }
      if (!lines) return null;
      const out: T[] = [];
      for (const l of lines) {
        const item = itemOf(l);
        if (item !== undefined) out.push(item);
      }
      return out;
    },
    close: () => reader.close(),
  };
}
