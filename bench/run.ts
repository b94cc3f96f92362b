import os from 'node:os';
import type { BenchResult, Benchmark } from './types.js';

/** Every benchmark in the repo; each reports its figures beside a baseline from the same run. */
const BENCHMARKS: Record<string, () => Promise<Benchmark>> = {
  queue: async () => (await import('./queue.js')).runQueueBenchmark,
  outbox: async () => (await import('./outbox.js')).runOutboxBenchmark,
  sla: async () => (await import('./sla.js')).runSlaBenchmark,
  stores: async () => (await import('./stores.js')).runStoreBenchmark,
  triage: async () => (await import('./triage.js')).runTriageBenchmark,
};

function format(results: readonly BenchResult[]): string {
  const rows = results.map((r) => {
    const ratio = r.baselineValue === 0 ? '' : `${(r.value / r.baselineValue).toFixed(2)}x`;
    return `| ${r.name} | ${fmt(r.value)} | ${r.baseline}: ${fmt(r.baselineValue)} | ${ratio} | ${r.unit} | ${r.notes ?? ''} |`;
  });
  return [
    '| benchmark | value | baseline | ratio | unit | notes |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toPrecision(3);
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  console.log(
    `# Benchmarks, ${new Date().toISOString()}, Node ${process.version}, ${os.cpus().length} cores`,
  );
  for (const [name, load] of Object.entries(BENCHMARKS)) {
    if (only.length > 0 && !only.includes(name)) continue;
    console.log(`\n## ${name}\n`);
    console.log(format(await (await load())()));
  }
}

void main();
