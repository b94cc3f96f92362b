/** A sparse vector: parallel arrays of feature indexes and values. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** Maps features to columns and weighs them by inverse document frequency. */
export interface Vectorizer {
  /** Feature → column. */
  readonly columns: ReadonlyMap<string, number>;
  readonly idf: Float32Array;
}

export interface VectorizerOptions {
  /** Keep at most this many features, the most frequent first. */
  readonly maxFeatures: number;
  /** Ignore features seen in fewer documents than this. */
  readonly minDocuments: number;
}

/** Training documents as feature numbers, and how to name a number. */
export interface EncodedDocuments {
  readonly documents: readonly Int32Array[];
  readonly size: number;
  name(id: number): string;
}

/**
 * Chooses the columns from training documents, computes their idf and vectorizes the
 * documents, working on feature numbers: training sets reach tens of thousands of tickets and
 * must still train in seconds.
 */
export function fitVectorizer(
  encoded: EncodedDocuments,
  options: VectorizerOptions,
): { vectorizer: Vectorizer; vectors: SparseVector[] } {
  const { documents, size } = encoded;
  const documentCounts = countDocuments(documents, size);
  const frequent: number[] = [];
  for (let id = 0; id < size; id++) {
    if (documentCounts[id]! >= options.minDocuments) frequent.push(id);
  }
  // Most frequent first; ties in order of first sight, which is deterministic.
  const kept = frequent
    .sort((a, b) => documentCounts[b]! - documentCounts[a]! || a - b)
    .slice(0, options.maxFeatures);
  const columnOf = new Int32Array(size).fill(-1);
  kept.forEach((id, column) => (columnOf[id] = column));
  const columns = new Map(kept.map((id, column) => [encoded.name(id), column]));
  const idf = Float32Array.from(kept, (id) => smoothIdf(documents.length, documentCounts[id]!));
  const vectorizer = { columns, idf };
  const vectors = documents.map((doc) => weigh(vectorizer, countColumns(doc, columnOf)));
  return { vectorizer, vectors };
}

function countDocuments(encoded: readonly Int32Array[], size: number): Uint32Array {
  const counts = new Uint32Array(size);
  const lastSeen = new Int32Array(size).fill(-1);
  encoded.forEach((doc, d) => {
    for (const id of doc) {
      if (lastSeen[id] !== d) {
        lastSeen[id] = d;
        counts[id]!++;
      }
    }
  });
  return counts;
}

function countColumns(doc: Int32Array, columnOf: Int32Array): Map<number, number> {
  const counts = new Map<number, number>();
  for (const id of doc) {
    const column = columnOf[id]!;
    if (column >= 0) counts.set(column, (counts.get(column) ?? 0) + 1);
  }
  return counts;
}

/** Rebuilds a vectorizer from its columns in order and their idf. */
export function restoreVectorizer(features: readonly string[], idf: Float32Array): Vectorizer {
  return { columns: new Map(features.map((f, column) => [f, column])), idf };
}

function smoothIdf(documents: number, count: number): number {
  return Math.log((1 + documents) / (1 + count)) + 1;
}

/** TF-IDF with sublinear term frequency (1 + log tf), scaled to unit length. */
export function vectorize(vectorizer: Vectorizer, features: readonly string[]): SparseVector {
  const counts = new Map<number, number>();
  for (const feature of features) {
    const column = vectorizer.columns.get(feature);
    if (column !== undefined) counts.set(column, (counts.get(column) ?? 0) + 1);
  }
  return weigh(vectorizer, counts);
}

function weigh(vectorizer: Vectorizer, counts: ReadonlyMap<number, number>): SparseVector {
  const indices = Int32Array.from(counts.keys());
  const values = Float32Array.from(
    indices,
    (c) => (1 + Math.log(counts.get(c)!)) * vectorizer.idf[c]!,
  );
  let squares = 0;
  for (const v of values) squares += v * v;
  const norm = Math.sqrt(squares);
  if (norm > 0) for (let i = 0; i < values.length; i++) values[i]! /= norm;
  return { indices, values };
}
