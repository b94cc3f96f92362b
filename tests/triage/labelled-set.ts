import { readFileSync } from 'node:fs';
import path from 'node:path';

/** One hand-labelled report of tests/fixtures/triage-reports*.jsonl. */
export interface LabelledReport {
  readonly text: string;
  readonly priority: string;
  readonly category: string;
  readonly tier: string;
}

/** Reads a labelled set from tests/fixtures by file name. */
export function readLabelledSet(name: string): LabelledReport[] {
  const file = path.join(__dirname, '..', 'fixtures', name);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledReport);
}

/** Share of `items` for which `hit` holds. */
export function share<T>(items: readonly T[], hit: (item: T) => boolean): number {
  return items.length ? items.filter(hit).length / items.length : 0;
}
