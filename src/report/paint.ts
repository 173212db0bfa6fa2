/**
 * The one place reporters get colour from. A Painter with colour off returns text unchanged, so
 * the same code produces clean output for pipes, files and NO_COLOR terminals.
 */
import { Chalk } from 'chalk';

export interface Painter {
  readonly enabled: boolean;
  ok(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  accent(text: string): string;
}

export function createPainter(color: boolean): Painter {
  // Level 1 (16 colours) is enough and is what every CI log viewer renders.
  const chalk = new Chalk({ level: color ? 1 : 0 });
  return {
    enabled: color,
    ok: (text) => chalk.green(text),
    bad: (text) => chalk.red(text),
    warn: (text) => chalk.yellow(text),
    dim: (text) => chalk.dim(text),
    bold: (text) => chalk.bold(text),
    accent: (text) => chalk.cyan(text),
  };
}
