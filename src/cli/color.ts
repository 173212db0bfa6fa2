/**
 * The one colour decision, for every stream the CLI writes to. In order: --no-color wins; then
 * NO_COLOR (set and not empty, per no-color.org); then FORCE_COLOR (any value but 0 or false turns
 * colour on, even into a pipe); otherwise colour only on a terminal that is not TERM=dumb.
 */
export interface ColorInputs {
  /** false when --no-color was given. */
  flag: boolean;
  env: Readonly<Record<string, string | undefined>>;
  stream: { isTTY?: boolean };
}

export function shouldUseColor({ flag, env, stream }: ColorInputs): boolean {
  if (!flag) return false;
  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env['TERM'] === 'dumb') return false;
  return stream.isTTY === true;
}

/** CI services set CI; their logs are not terminals even when a pseudo-TTY is attached. */
export function isContinuousIntegration(env: Readonly<Record<string, string | undefined>>): boolean {
  const ci = env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}
