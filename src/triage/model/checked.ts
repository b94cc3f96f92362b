import { LinearCategoryModel } from './classifier.js';
import { evaluate, type Evaluation } from './metrics.js';
import { stratifiedSplit } from './random.js';
import { trainCategoryModel, type Example, type TrainingOptions } from './train.js';

/** Below this a held-out check says nothing; the model is trained without one. */
const MIN_FOR_CHECK = 50;
const HELD_OUT_SHARE = 0.2;

/** A model and, when there was enough data, how it did on a fifth held out. */
export interface CheckedModel {
  readonly model: LinearCategoryModel;
  readonly heldOut?: Evaluation;
}

/**
 * Trains once on four fifths to measure accuracy on the rest, then on everything. The measured
 * accuracy is kept in the model's info: blending trusts a model only as far as it was proven.
 */
export function trainCheckedModel(
  examples: readonly Example[],
  options: TrainingOptions = {},
): CheckedModel {
  const heldOut = examples.length >= MIN_FOR_CHECK ? check(examples, options) : undefined;
  const model = trainCategoryModel(examples, options);
  if (!heldOut) return { model };
  const info = { ...model.info, heldOutAccuracy: heldOut.accuracy };
  const checked = new LinearCategoryModel(
    model.labels,
    model.vectorizer,
    model.weights,
    model.bias,
    info,
  );
  return { model: checked, heldOut };
}

function check(examples: readonly Example[], options: TrainingOptions): Evaluation | undefined {
  const { train, test } = stratifiedSplit(examples, HELD_OUT_SHARE, options.seed);
  if (new Set(train.map((e) => e.label)).size < 2 || test.length === 0) return undefined;
  const model = trainCategoryModel(train, options);
  return evaluate(test, (text) => model.predict(text).label);
}
