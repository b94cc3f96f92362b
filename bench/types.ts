/** One benchmark figure beside the baseline it is measured against, in the same run. */
export interface BenchResult {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly baseline: string;
  readonly baselineValue: number;
  /** Conditions worth printing with the figure (sizes, cores, store). */
  readonly notes?: string;
}

/** A benchmark module: runs itself and returns its figures. */
export type Benchmark = () => Promise<readonly BenchResult[]>;

/** Median milliseconds of `runs` calls of `fn` after `warmup` unmeasured calls. */
export async function medianMs(fn: () => unknown, runs = 21, warmup = 3): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
