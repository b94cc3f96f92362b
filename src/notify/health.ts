import { isHelpdeskError } from '../errors.js';
import type { Store } from '../store/contract.js';

/** Why the bot may no longer send to a conversation, as Teams said it. */
export interface UnusableMark {
  /** Teams' error code, e.g. `BotNotInConversationRoster` or `BotDisabledByAdmin`. */
  readonly code: string;
  readonly at: string;
  /**
   * The version of the stored conversation reference (or settings) that failed. When the user
   * talks to the bot again or the bot is re-added, that version changes and the mark no longer
   * holds.
   */
  readonly referenceEtag?: string;
}

interface Index {
  readonly targets: readonly string[];
}

/** The 403 codes that mean "stop sending here" rather than a passing fault. */
export const UNUSABLE_CODES = new Set([
  'BotNotInConversationRoster',
  'BotDisabledByAdmin',
  'ConversationBlockedByUser',
]);

/**
 * Conversations Teams refused with a 403 that means the bot was removed or blocked. Kept in the
 * store so every instance stops sending there, and listed per tenant for admins.
 */
export class ConversationHealth {
  constructor(private readonly store: Store) {}

  /** Records the mark; returns true when it is new (so the failure is announced once). */
  async markUnusable(tenantId: string, target: string, mark: UnusableMark): Promise<boolean> {
    const key = `${tenantId}/${target}`;
    const previous = await this.store.getItem<UnusableMark>('conversation-health', key);
    const isNew = !previous || previous.value.referenceEtag !== mark.referenceEtag;
    await this.store.putItem('conversation-health', key, mark);
    if (isNew) await this.addToIndex(tenantId, target);
    return isNew;
  }

  /** The mark on `target`, unless the conversation reference changed since it was made. */
  async unusable(
    tenantId: string,
    target: string,
    referenceEtag: string | undefined,
  ): Promise<UnusableMark | undefined> {
    const item = await this.store.getItem<UnusableMark>(
      'conversation-health',
      `${tenantId}/${target}`,
    );
    if (!item || item.value.referenceEtag !== referenceEtag) return undefined;
    return item.value;
  }

  /** Every conversation of the tenant marked unusable and still so, for an admin to look at. */
  async list(tenantId: string): Promise<readonly { target: string; mark: UnusableMark }[]> {
    const index = await this.store.getItem<Index>('conversation-health', `${tenantId}/_index`);
    const marks = await Promise.all(
      (index?.value.targets ?? []).map(async (target) => ({
        target,
        item: await this.store.getItem<UnusableMark>(
          'conversation-health',
          `${tenantId}/${target}`,
        ),
      })),
    );
    return marks.flatMap(({ target, item }) => (item ? [{ target, mark: item.value }] : []));
  }

  private async addToIndex(tenantId: string, target: string): Promise<void> {
    const key = `${tenantId}/_index`;
    for (let attempt = 1; ; attempt++) {
      const item = await this.store.getItem<Index>('conversation-health', key);
      const targets = item?.value.targets ?? [];
      if (targets.includes(target)) return;
      if (!item) {
        if (
          await this.store.putItemIfAbsent<Index>('conversation-health', key, { targets: [target] })
        )
          return;
        continue;
      }
      try {
        await this.store.putItem<Index>(
          'conversation-health',
          key,
          { targets: [...targets, target] },
          item?.etag,
        );
        return;
      } catch (error) {
        // Two deliveries failing at once for different people: add to what the other wrote.
        if (!isHelpdeskError(error, 'conflict') || attempt >= 5) throw error;
      }
    }
  }
}
