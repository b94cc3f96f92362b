/** How one label fared. */
export interface ClassScore {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** How many held-out examples truly had this label. */
  readonly support: number;
}

/** Accuracy, per-label precision and recall, and the confusion matrix of a classifier. */
export interface Evaluation {
  readonly total: number;
  readonly accuracy: number;
  readonly macroF1: number;
  readonly labels: readonly string[];
  readonly classes: readonly ClassScore[];
  /** `confusion[t][p]`: examples of true label `labels[t]` predicted as `labels[p]`. */
  readonly confusion: readonly (readonly number[])[];
}

/** Scores `predict` on labelled examples. Labels are taken from both truth and predictions. */
export function evaluate(
  examples: readonly { readonly text: string; readonly label: string }[],
  predict: (text: string) => string,
): Evaluation {
  const pairs = examples.map((e) => ({ truth: e.label, guess: predict(e.text) }));
  const labels = [...new Set(pairs.flatMap((p) => [p.truth, p.guess]))].sort();
  const at = new Map(labels.map((l, i) => [l, i]));
  const confusion = labels.map(() => labels.map(() => 0));
  for (const { truth, guess } of pairs) confusion[at.get(truth)!]![at.get(guess)!]!++;

  const classes = labels.map((label, i) => classScore(label, i, confusion));
  const correct = labels.reduce((sum, _, i) => sum + confusion[i]![i]!, 0);
  const scored = classes.filter((c) => c.support > 0);
  return {
    total: pairs.length,
    accuracy: pairs.length ? correct / pairs.length : 0,
    macroF1: scored.reduce((sum, c) => sum + c.f1, 0) / (scored.length || 1),
    labels,
    classes,
    confusion,
  };
}

function classScore(label: string, i: number, confusion: readonly (readonly number[])[]) {
  const hits = confusion[i]![i]!;
  const support = confusion[i]!.reduce((a, b) => a + b, 0);
  const predicted = confusion.reduce((sum, row) => sum + row[i]!, 0);
  const precision = predicted ? hits / predicted : 0;
  const recall = support ? hits / support : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { label, precision, recall, f1, support };
}

/** The evaluation as a plain-text report: summary, per-label table, confusion matrix. */
export function formatEvaluation(evaluation: Evaluation): string {
  const width = Math.max(5, ...evaluation.labels.map((l) => l.length));
  const lines = [
    `examples: ${evaluation.total}`,
    `accuracy: ${evaluation.accuracy.toFixed(3)}`,
    `macro F1: ${evaluation.macroF1.toFixed(3)}`,
    '',
    `${'class'.padEnd(width)}  precision  recall  f1     support`,
    ...evaluation.classes.map(
      (c) =>
        `${c.label.padEnd(width)}  ${fixed(c.precision, 9)}  ${fixed(c.recall, 6)}  ` +
        `${fixed(c.f1, 5)}  ${String(c.support).padStart(7)}`,
    ),
    '',
    'confusion matrix (rows: true label, columns: predicted, in the order above)',
    ...evaluation.confusion.map(
      (row, t) =>
        `${evaluation.labels[t]!.padEnd(width)}  ${row.map((n) => String(n).padStart(5)).join(' ')}`,
    ),
  ];
  return lines.join('\n') + '\n';
}

function fixed(value: number, width: number): string {
  return value.toFixed(3).padStart(width);
}
