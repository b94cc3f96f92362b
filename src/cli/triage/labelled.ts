import { readFile } from 'node:fs/promises';
import { HelpdeskError } from '../../errors.js';
import type { TrainingOptions } from '../../triage/index.js';
import { readLabelledCsv, type CsvExample } from '../csv.js';
import { numberOption, required } from '../options.js';

/** The options every command that reads a labelled CSV takes. */
export const CSV_OPTIONS = {
  csv: { type: 'string' },
  'text-column': { type: 'string' },
  'label-column': { type: 'string' },
} as const;

/** Training knobs shared by `train` and `eval`. */
export const TRAINING_OPTIONS = {
  epochs: { type: 'string' },
  'max-features': { type: 'string' },
  seed: { type: 'string' },
} as const;

/** Reads the labelled examples of `--csv` (or another option naming a file). */
export async function readExamples(
  values: { readonly 'text-column'?: string; readonly 'label-column'?: string },
  file: string,
): Promise<CsvExample[]> {
  const textColumn = required(values['text-column'], 'text-column');
  const labelColumn = required(values['label-column'], 'label-column');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new HelpdeskError('bad_request', `Cannot read the CSV file ${file}.`, { cause: error });
  }
  const examples = readLabelledCsv(text, textColumn, labelColumn);
  if (examples.length === 0) {
    throw new HelpdeskError('bad_request', `The CSV file ${file} has no labelled rows.`);
  }
  return examples;
}

/** Training options from `--epochs`, `--max-features`, `--seed`. */
export function trainingOptions(values: {
  readonly epochs?: string;
  readonly 'max-features'?: string;
  readonly seed?: string;
}): TrainingOptions {
  return {
    epochs:
      values.epochs === undefined
        ? undefined
        : numberOption(values.epochs, 'epochs', 0, { min: 1, max: 200 }),
    maxFeatures: numberOption(values['max-features'], 'max-features', 30_000, {
      min: 10,
      max: 500_000,
    }),
    seed: numberOption(values.seed, 'seed', 1, { min: 0, max: 2 ** 31 }),
  };
}
