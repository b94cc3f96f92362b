import { HelpdeskError } from '../errors.js';
import type { Store } from '../store/contract.js';
import { updateItem } from '../store/kv.js';
import type { Person } from '../tickets/types.js';
import { PREFERENCE_KINDS, type PreferenceKind } from './kinds.js';

/**
 * What an admin requires unless they say otherwise: a page is never muted, and a question to a
 * requester always reaches them, since the ticket waits on their answer.
 */
export const DEFAULT_REQUIRED: readonly PreferenceKind[] = ['onCallPage', 'requester.question'];

interface PersonPreferences {
  readonly muted: readonly PreferenceKind[];
}

interface TenantRules {
  readonly required: readonly PreferenceKind[];
}

/**
 * Who wants which notifications, kept in the store: a person mutes kinds one by one (a
 * technician muting "assigned to you" during a shift change), and the tenant's admin names the
 * kinds nobody may mute.
 */
export class NotificationPreferences {
  constructor(private readonly store: Store) {}

  /** Whether `person` should get a `kind` notification now. */
  async wants(tenantId: string, person: Person, kind: PreferenceKind): Promise<boolean> {
    if ((await this.required(tenantId)).includes(kind)) return true;
    return !(await this.muted(tenantId, person.id)).includes(kind);
  }

  async muted(tenantId: string, userId: string): Promise<readonly PreferenceKind[]> {
    const item = await this.store.getItem<PersonPreferences>(
      'preferences',
      personKey(tenantId, userId),
    );
    return item?.value.muted ?? [];
  }

  async required(tenantId: string): Promise<readonly PreferenceKind[]> {
    const item = await this.store.getItem<TenantRules>('preferences', tenantKey(tenantId));
    return item?.value.required ?? DEFAULT_REQUIRED;
  }

  /** The admin's list of kinds nobody may mute; replaces the defaults. */
  async setRequired(tenantId: string, kinds: readonly string[]): Promise<void> {
    await this.store.putItem<TenantRules>('preferences', tenantKey(tenantId), {
      required: kinds.map(requireKind),
    });
  }

  /**
   * Mutes or unmutes one kind for one person; returns what they have muted now. Refuses, with a
   * `forbidden` error, to mute a kind the admin requires.
   */
  async setMuted(
    tenantId: string,
    userId: string,
    kind: string,
    muted: boolean,
  ): Promise<readonly PreferenceKind[]> {
    const checked = requireKind(kind);
    if (muted && (await this.required(tenantId)).includes(checked)) {
      throw new HelpdeskError(
        'forbidden',
        `Your admin requires '${checked}' notifications, so they cannot be muted.`,
      );
    }
    // Two changes at once from two devices: each is applied to what the other wrote.
    const saved = await updateItem<PersonPreferences>(
      this.store,
      'preferences',
      personKey(tenantId, userId),
      (current) => {
        const others = (current?.muted ?? []).filter((k) => k !== checked);
        return { muted: muted ? [...others, checked] : others };
      },
    );
    return saved.muted;
  }
}

function requireKind(kind: string): PreferenceKind {
  if ((PREFERENCE_KINDS as readonly string[]).includes(kind)) return kind as PreferenceKind;
  throw new HelpdeskError(
    'bad_request',
    `'${kind}' is not a kind of notification; use one of ${PREFERENCE_KINDS.join(', ')}.`,
  );
}

function personKey(tenantId: string, userId: string): string {
  return `${tenantId}/user/${userId}`;
}

function tenantKey(tenantId: string): string {
  return `${tenantId}/tenant`;
}
