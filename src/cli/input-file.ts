/** Reads a file named on the command line; a missing or unreadable file is a usage error (exit 2). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './errors.js';

export function readInputFile(file: string, cwd: string): string {
  try {
    return readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    const reason = (error as { code?: unknown }).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    throw new UsageError(`cannot read ${file}: ${reason}`);
  }
}
