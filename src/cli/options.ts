import { parseArgs } from 'node:util';
import { HelpdeskError } from '../errors.js';

type Spec = Readonly<Record<string, { readonly type: 'string' | 'boolean' }>>;
type Values<S extends Spec> = { [K in keyof S]?: S[K]['type'] extends 'string' ? string : boolean };

/**
 * Parses `--name value` options strictly: an unknown option or a stray argument is a
 * `bad_request` naming it, so a typo never silently runs with defaults.
 */
export function parseOptions<S extends Spec>(args: readonly string[], spec: S): Values<S> {
  try {
    const { values } = parseArgs({ args: [...args], options: spec, strict: true });
    return values as Values<S>;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new HelpdeskError('bad_request', `${detail.replace(/\.$/, '')}.`, { cause: error });
  }
}

/** The value of a required option, or a `bad_request` naming it. */
export function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') {
    throw new HelpdeskError('bad_request', `The option --${name} is required.`);
  }
  return value;
}

/** A number option within bounds, or a `bad_request` naming it. */
export function numberOption(
  value: string | undefined,
  name: string,
  fallback: number,
  bounds: { readonly min: number; readonly max: number },
): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < bounds.min || parsed > bounds.max) {
    throw new HelpdeskError(
      'bad_request',
      `The option --${name} must be a number from ${bounds.min} to ${bounds.max}, not "${value}".`,
    );
  }
  return parsed;
}
