/** A small seeded generator (mulberry32), so training and splits repeat exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles a copy of `items` with `random` (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Splits examples into training and held-out parts, class by class, so that a rare class is
 * present in both.
 */
export function stratifiedSplit<T extends { readonly label: string }>(
  examples: readonly T[],
  heldOutShare: number,
  seed = 1,
): { train: T[]; test: T[] } {
  const random = seededRandom(seed);
  const byLabel = new Map<string, T[]>();
  for (const e of examples) byLabel.set(e.label, [...(byLabel.get(e.label) ?? []), e]);
  const train: T[] = [];
  const test: T[] = [];
  for (const group of byLabel.values()) {
    const mixed = shuffled(group, random);
    const cut = Math.round(mixed.length * heldOutShare);
    test.push(...mixed.slice(0, cut));
    train.push(...mixed.slice(cut));
  }
  return { train: shuffled(train, random), test: shuffled(test, random) };
}
