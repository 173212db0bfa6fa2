/** A writable that looks like a TTY to Ink, recording every write, for dashboard tests and benches. */
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';

export class FakeTerminal extends Writable {
  readonly isTTY = true;
  columns: number;
  rows: number;
  readonly writes: string[] = [];

  constructor(columns = 120, rows = 60) {
    super();
    this.columns = columns;
    this.rows = rows;
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.writes.push(chunk.toString());
    callback();
  }

  get output(): string {
    return this.writes.join('');
  }
}

/** A stdin that is not a terminal: Ink reads no keys from it. */
export class FakeInput extends EventEmitter {
  readonly isTTY = false;
  setEncoding(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  read(): null {
    return null;
  }
}
