import type { Store } from '../store/contract.js';
import {
  DEFAULT_CATEGORIES,
  loadTenantModel,
  tierOf,
  triage,
  type CategoryModel,
} from '../triage/index.js';
import type { Triage } from './service.js';

/** How long a tenant's learned model is reused before the store is asked again (after a retrain). */
const MODEL_TTL_MS = 5 * 60_000;

/**
 * The triage engine as the ticket service and the cards need it: the rules, blended with the
 * tenant's learned category model when one has been trained (`helpdesk triage retrain`).
 */
export function createTriage(store: Store): Triage & { readonly categories: readonly string[] } {
  const models = new Map<string, { model?: CategoryModel; until: number }>();

  async function modelFor(tenantId: string): Promise<CategoryModel | undefined> {
    const cached = models.get(tenantId);
    if (cached && cached.until > Date.now()) return cached.model;
    const model = await loadTenantModel(store, tenantId);
    models.set(tenantId, { model, until: Date.now() + MODEL_TTL_MS });
    return model;
  }

  return {
    categories: DEFAULT_CATEGORIES,
    async propose(tenantId, text) {
      return triage(text, { model: await modelFor(tenantId) });
    },
    tierFor: (category, priority) => tierOf(category, priority),
  };
}
