import { HelpdeskError } from '../../errors.js';
import {
  evaluate,
  formatEvaluation,
  stratifiedSplit,
  trainCategoryModel,
  trainCheckedModel,
  triage,
  type CategoryModel,
} from '../../triage/index.js';
import type { CsvExample } from '../csv.js';
import { numberOption, parseOptions, required } from '../options.js';
import { writeLine, type CliIo } from '../types.js';
import { CSV_OPTIONS, readExamples, TRAINING_OPTIONS, trainingOptions } from './labelled.js';
import { readModelFile } from './model-source.js';

const ENGINES = ['model', 'rules', 'blend'] as const;
type Engine = (typeof ENGINES)[number];

/**
 * `helpdesk triage eval --csv FILE --text-column NAME --label-column NAME`: prints accuracy,
 * per-class precision and recall, and the confusion matrix on held-out examples.
 *
 * The model under test is `--model FILE`, or one trained on `--train-csv FILE`, or one trained
 * on the rest of `--csv` after holding out `--holdout` (default 0.2) of it. `--engine rules`
 * scores the rules alone; `--engine blend` the rules with the model.
 */
export async function evaluateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const values = parseOptions(args, {
    ...CSV_OPTIONS,
    ...TRAINING_OPTIONS,
    model: { type: 'string' },
    'train-csv': { type: 'string' },
    holdout: { type: 'string' },
    engine: { type: 'string' },
    json: { type: 'boolean' },
  });
  const engine = engineOf(values.engine);
  const all = await readExamples(values, required(values.csv, 'csv'));
  const { test, model, note } = await prepare(all, values, engine);
  const result = evaluate(test, predictor(engine, model));
  if (values.json) {
    await writeLine(io.stdout, JSON.stringify({ engine, note, ...result }));
  } else {
    await writeLine(io.stdout, `engine: ${engine}${note ? `; ${note}` : ''}`);
    io.stdout.write(formatEvaluation(result));
  }
  return 0;
}

interface Prepared {
  readonly test: readonly CsvExample[];
  readonly model?: CategoryModel;
  readonly note?: string;
}

async function prepare(
  all: CsvExample[],
  values: Parameters<typeof trainingOptions>[0] & {
    readonly model?: string;
    readonly 'train-csv'?: string;
    readonly holdout?: string;
    readonly 'text-column'?: string;
    readonly 'label-column'?: string;
  },
  engine: Engine,
): Promise<Prepared> {
  if (engine === 'rules') return { test: all };
  if (values.model) return { test: all, model: await readModelFile(values.model) };
  const options = trainingOptions(values);
  // Blending trusts a model as far as its held-out accuracy, as a retrained tenant model is.
  const learn = (examples: readonly CsvExample[]) =>
    engine === 'blend'
      ? trainCheckedModel(examples, options).model
      : trainCategoryModel(examples, options);
  if (values['train-csv']) {
    const model = learn(await readExamples(values, values['train-csv']));
    return { test: all, model, note: trainedNote(model.info) };
  }
  const share = numberOption(values.holdout, 'holdout', 0.2, { min: 0.05, max: 0.9 });
  const { train, test } = stratifiedSplit(all, share, options.seed);
  const model = learn(train);
  return { test, model, note: `held out ${test.length}; ${trainedNote(model.info)}` };
}

function trainedNote(info: { readonly examples: number; readonly trainMs: number }): string {
  return `trained on ${info.examples} examples in ${info.trainMs} ms`;
}

function predictor(engine: Engine, model: CategoryModel | undefined): (text: string) => string {
  if (engine === 'rules') return (text) => triage(text).category;
  if (engine === 'blend') return (text) => triage(text, { model }).category;
  return (text) => model!.predict(text).label;
}

function engineOf(value: string | undefined): Engine {
  if (value === undefined) return 'model';
  if ((ENGINES as readonly string[]).includes(value)) return value as Engine;
  throw new HelpdeskError(
    'bad_request',
    `The option --engine must be one of ${ENGINES.join(', ')}.`,
  );
}
