/**
 * tune runs one simulation per core on worker threads. V8 also keeps helper threads of its own: the
 * optimizing compiler's background jobs and the garbage collector's parallel and concurrent tasks.
 * With one simulation they use an idle core for free; with a simulation on every core they take
 * turns with the simulations, and each collection waits for helpers that are not running. Measured
 * on 2 cores (16-point storm grid, 2 workers): 2 to 16% less wall time in 16 of 17 paired runs when
 * every thread compiles and collects for itself.
 *
 * Those are process-wide V8 flags: Node takes no V8 flag for one worker thread, and setting the
 * collector's flags once V8 runs crashed it. So when tune will run on more than one worker thread,
 * bin/batcher-sim.js starts Node again with the flags, as a child with the same arguments, streams
 * and exit code. This module decides when (a pure function, tested) and does it.
 *
 * Not compare: it may run on the real clock (the scenario file can ask for it), where a compile or a
 * collection on the run's own thread would show as event-loop lag that Node's defaults do not have,
 * and only the loaded scenario tells. tune always runs on the virtual clock.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** What every thread does for itself when all cores run simulations. */
export const PARALLEL_V8_FLAGS: readonly string[] = ['--single-threaded-gc', '--no-concurrent-recompilation'];

/** Set in the child, so it never starts another. */
export const RELAUNCHED_ENV = 'BATCHER_SIM_RELAUNCHED';

const PARALLEL_COMMANDS = new Set(['tune']);

/** The value of `--workers`: `--workers 4` or `--workers=4`; undefined when absent, '' without a value. */
function workersArgument(args: readonly string[]): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (arg === '--workers') value = args[i + 1] ?? '';
    else if (arg.startsWith('--workers=')) value = arg.slice('--workers='.length);
  }
  return value;
}

/**
 * The V8 flags to start Node again with for these CLI arguments (process.argv without node and the
 * script), or null to run here: only for tune on more than one worker thread (--workers
 * above 1, or absent on a machine with more than one core), and never twice. A bad --workers value
 * runs here, where the command reports it.
 */
export function relaunchFlags(
  args: readonly string[],
  execArgv: readonly string[],
  cores: number,
  env: Readonly<Record<string, string | undefined>>,
): string[] | null {
  if (env[RELAUNCHED_ENV] !== undefined) return null;
  const command = args.find((arg) => !arg.startsWith('-'));
  if (command === undefined || !PARALLEL_COMMANDS.has(command)) return null;
  if (args.includes('-h') || args.includes('--help')) return null;
  const workers = workersArgument(args);
  if (workers === undefined ? cores <= 1 : !(/^\d+$/.test(workers) && Number(workers) > 1)) return null;
  const missing = PARALLEL_V8_FLAGS.filter((flag) => !execArgv.includes(flag));
  return missing.length === 0 ? null : missing;
}

const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs this CLI again in a child Node with the extra flags, on the same streams, and resolves with
 * its exit code. Signals sent to this process are passed on (a terminal's Ctrl-C reaches both; tune
 * stops the same way on one Ctrl-C or two). A child killed by a signal is reported as the
 * shell would: 128 + the signal's number.
 */
export function runRelaunched(flags: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, ...flags, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, [RELAUNCHED_ENV]: '1' },
    });
    const forward = (signal: NodeJS.Signals): void => {
      child.kill(signal);
    };
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const done = (code: number): void => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
      resolve(code);
    };
    child.on('error', (error) => {
      process.stderr.write(`batcher-sim: could not start Node again with ${flags.join(' ')}: ${error.message}\n`);
      done(3);
    });
    child.on('exit', (code, signal) => {
      if (code !== null) done(code);
      else done(128 + (signal === null ? 0 : constants.signals[signal]));
    });
  });
}
