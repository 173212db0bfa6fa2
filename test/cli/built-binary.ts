/**
 * The CLI tests run the built binary (bin/batcher-sim.js -> dist/cli/main.js) as a user would.
 *
 * Build policy: dist is used when it is newer than every file under src/ (after `npm ci`, `prepare`
 * has just built it); otherwise the tests build it once with tsc, under a lock directory so
 * parallel test files do not build at the same time. Type errors elsewhere do not stop the build
 * (tsc still emits), but a build that leaves dist stale fails the tests with tsc's output.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin', 'batcher-sim.js');
const DIST_ENTRY = join(ROOT, 'dist', 'cli', 'main.js');
const LOCK = join(ROOT, 'node_modules', '.cache', 'batcher-sim-build.lock');
const STALE_LOCK_MS = 5 * 60_000;

function newestMtimeMs(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    const mtime = entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

function mtimeOrZero(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

export function distIsFresh(): boolean {
  return mtimeOrZero(DIST_ENTRY) >= newestMtimeMs(join(ROOT, 'src'));
}

function tryLock(): boolean {
  mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  try {
    mkdirSync(LOCK);
    return true;
  } catch {
    if (Date.now() - mtimeOrZero(LOCK) > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
    return false;
  }
}

/** Builds dist when it is older than src; waits for a build another test file started. */
export async function ensureBuilt(): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (!distIsFresh()) {
    if (tryLock()) {
      try {
        if (!distIsFresh()) {
          const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
          const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
          if (!distIsFresh()) {
            throw new Error(`building dist failed (tsc exit ${String(result.status)}):\n${result.stdout}${result.stderr}`);
          }
        }
      } finally {
        rmSync(LOCK, { recursive: true, force: true });
      }
      return;
    }
    if (Date.now() > deadline) throw new Error(`waited 3 minutes for another build (lock ${LOCK})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface BinResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface BinOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Called with each stderr chunk as it arrives, with the child, e.g. to send it SIGINT. */
  onStderr?: (text: string, child: ReturnType<typeof spawn>) => void;
}

/** Runs `node bin/batcher-sim.js ...args` without a terminal, as CI would. */
export function runBin(args: readonly string[], options: BinOptions = {}): Promise<BinResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, DEBUG: undefined };
    for (const [key, value] of Object.entries(options.env ?? {})) env[key] = value;
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      options.onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
