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

/** Chooses the columns from training documents (lists of features) and computes their idf. */
export function fitVectorizer(
  documents: readonly (readonly string[])[],
  options: VectorizerOptions,
): Vectorizer {
  const documentCounts = new Map<string, number>();
  for (const features of documents) {
    for (const feature of new Set(features)) {
      documentCounts.set(feature, (documentCounts.get(feature) ?? 0) + 1);
    }
  }
  const kept = [...documentCounts]
    .filter(([, count]) => count >= options.minDocuments)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, options.maxFeatures);
  const columns = new Map(kept.map(([feature], column) => [feature, column]));
  const idf = Float32Array.from(kept, ([, count]) => smoothIdf(documents.length, count));
  return { columns, idf };
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
  const indices = Int32Array.from(counts.keys());
  const values = Float32Array.from(
    indices,
    (c) => (1 + Math.log(counts.get(c)!)) * vectorizer.idf[c]!,
  );
  const norm = Math.hypot(...values);
  if (norm > 0) values.forEach((v, i) => (values[i] = v / norm));
  return { indices, values };
}
