import type { Store } from '../store/contract.js';
import { DEFAULT_CATEGORIES, triage } from '../triage/index.js';
import type { Triage } from './service.js';
import type { Priority, Tier } from './types.js';

/** The triage engine as the ticket service and the cards need it. */
export function createTriage(_store: Store): Triage & { readonly categories: readonly string[] } {
  return {
    categories: DEFAULT_CATEGORIES,
    async propose(_tenantId, text) {
      return triage(text);
    },
    tierFor,
  };
}

function tierFor(category: string, priority: Priority): Tier {
  if (['security', 'infrastructure'].includes(category)) return 'L3';
  return priority === 'P1' ? 'L2' : 'L1';
}
