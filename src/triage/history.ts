import { HelpdeskError } from '../errors.js';
import type { Store } from '../store/contract.js';
import type { Ticket } from '../tickets/types.js';
import type { CategoryModel } from './model/classifier.js';
import { trainCheckedModel } from './model/checked.js';
import type { Evaluation } from './model/metrics.js';
import { deserializeModel, serializeModel } from './model/serialize.js';
import type { Example, TrainingOptions } from './model/train.js';

/** The part of the store that learning from history uses. */
export type HistoryStore = Pick<Store, 'listTickets' | 'getItem' | 'putItem'>;

/** The key-value namespace that holds one learned model per tenant. */
export const MODEL_NAMESPACE = 'triage-model';

/** A technician's correction says more than a silent confirmation; it counts this many times. */
const CORRECTION_WEIGHT = 2;
const PAGE_SIZE = 200;
/** Enough history to learn from, few enough that a retrain stays within seconds. */
const DEFAULT_MAX_EXAMPLES = 50_000;

export interface HistoryOptions {
  readonly maxExamples?: number;
  readonly training?: TrainingOptions;
}

/**
 * Labelled examples from a tenant's tickets, newest first: the text a person wrote and the
 * final category. Cancelled tickets are left out; corrected ones count double.
 */
export async function collectExamples(
  store: HistoryStore,
  tenantId: string,
  options: HistoryOptions = {},
): Promise<Example[]> {
  const max = options.maxExamples ?? DEFAULT_MAX_EXAMPLES;
  const examples: Example[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listTickets({ tenantId, order: 'newest', limit: PAGE_SIZE, cursor });
    for (const ticket of page.items) {
      if (ticket.state !== 'cancelled') examples.push(exampleOf(ticket));
    }
    cursor = page.cursor;
  } while (cursor && examples.length < max);
  return examples.slice(0, max);
}

function exampleOf(ticket: Ticket): Example {
  const corrected = ticket.proposal.category !== ticket.category;
  return {
    text: `${ticket.title}\n${ticket.description}`,
    label: ticket.category,
    weight: corrected ? CORRECTION_WEIGHT : 1,
  };
}

/** What a retrain did. */
export interface RetrainResult {
  readonly examples: number;
  readonly corrected: number;
  readonly labels: readonly string[];
  readonly trainMs: number;
  /** A check on a fifth of the history held out, when there was enough of it. */
  readonly heldOut?: Evaluation;
}

/**
 * Trains the tenant's category model from its ticket history and stores it under
 * {@link MODEL_NAMESPACE}. Throws `bad_request` when the history has fewer than two categories.
 */
export async function retrainFromHistory(
  store: HistoryStore,
  tenantId: string,
  options: HistoryOptions = {},
): Promise<RetrainResult> {
  const examples = await collectExamples(store, tenantId, options);
  if (examples.length === 0) {
    throw new HelpdeskError('bad_request', `Tenant ${tenantId} has no tickets to learn from yet.`);
  }
  const { model, heldOut } = trainCheckedModel(examples, options.training);
  await store.putItem(MODEL_NAMESPACE, tenantId, serializeModel(model));
  return {
    examples: examples.length,
    corrected: examples.filter((e) => (e.weight ?? 1) > 1).length,
    labels: model.labels,
    trainMs: model.info.trainMs,
    heldOut,
  };
}

/** The tenant's stored model, or undefined when none was trained yet. */
export async function loadTenantModel(
  store: HistoryStore,
  tenantId: string,
): Promise<CategoryModel | undefined> {
  const item = await store.getItem<unknown>(MODEL_NAMESPACE, tenantId);
  return item ? deserializeModel(item.value) : undefined;
}
