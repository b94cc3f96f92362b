import { MODEL_NAMESPACE, serializeModel, trainCheckedModel } from '../../triage/index.js';
import { parseOptions, required } from '../options.js';
import { withStore } from '../store.js';
import { writeLine, type CliIo } from '../types.js';
import { CSV_OPTIONS, readExamples, TRAINING_OPTIONS, trainingOptions } from './labelled.js';
import { DEFAULT_MODEL_FILE, writeModelFile } from './model-source.js';

/**
 * `helpdesk triage train --csv FILE --text-column NAME --label-column NAME`: trains the category
 * model (after a check on a fifth held out, whose accuracy the model keeps) and saves it to `--out FILE` (default data/triage-model.json) or, with `--tenant ID`,
 * to that tenant's slot in the store.
 */
export async function train(args: readonly string[], io: CliIo): Promise<number> {
  const values = parseOptions(args, {
    ...CSV_OPTIONS,
    ...TRAINING_OPTIONS,
    out: { type: 'string' },
    tenant: { type: 'string' },
  });
  const file = required(values.csv, 'csv');
  const examples = await readExamples(values, file);
  const { model, heldOut } = trainCheckedModel(examples, trainingOptions(values));

  let where: string;
  if (values.tenant) {
    const tenant = values.tenant;
    await withStore(io.env, (store) =>
      store.putItem(MODEL_NAMESPACE, tenant, serializeModel(model)),
    );
    where = `the store, tenant ${tenant}`;
  } else {
    where = values.out ?? DEFAULT_MODEL_FILE;
    await writeModelFile(where, model);
  }
  const { examples: count, trainMs } = model.info;
  const summary =
    `trained on ${count} examples, ${model.labels.length} labels, ` +
    `${model.vectorizer.idf.length} features in ${trainMs} ms; saved to ${where}`;
  await writeLine(io.stdout, summary);
  if (heldOut) {
    await writeLine(io.stdout, `held-out check (a fifth): accuracy ${heldOut.accuracy.toFixed(3)}`);
  }
  return 0;
}
