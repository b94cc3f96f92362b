import { formatEvaluation, retrainFromHistory } from '../../triage/index.js';
import { parseOptions, required } from '../options.js';
import { withStore } from '../store.js';
import { writeLine, type CliIo } from '../types.js';

/**
 * `helpdesk triage retrain --tenant ID`: learns the tenant's category model from its tickets
 * (technicians' corrections count double) and stores it, printing a held-out check.
 */
export async function retrain(args: readonly string[], io: CliIo): Promise<number> {
  const values = parseOptions(args, { tenant: { type: 'string' } });
  const tenant = required(values.tenant, 'tenant');
  const result = await withStore(io.env, (store) => retrainFromHistory(store, tenant));
  await writeLine(
    io.stdout,
    `retrained tenant ${tenant} on ${result.examples} tickets (${result.corrected} corrected), ` +
      `${result.labels.length} categories, in ${result.trainMs} ms; model stored`,
  );
  if (result.heldOut) {
    await writeLine(io.stdout, 'check on a fifth of the history held out:');
    io.stdout.write(formatEvaluation(result.heldOut));
  }
  return 0;
}
