import { updateItem } from '../store/kv.js';
import type { Store } from '../store/contract.js';

/** What an install or an admin decided for one tenant. */
export interface TenantSettings {
  /** The team the bot was installed into; its members are the technicians. */
  readonly supportTeamId?: string;
  readonly supportTeamName?: string;
  /** Where new tickets are posted; the team's General channel until an admin picks another. */
  readonly triageChannelId?: string;
  /** The connector endpoint for this tenant, from the last activity Teams sent. */
  readonly serviceUrl?: string;
}

/** Reads and writes {@link TenantSettings}, with fixed values from configuration on top. */
export class SettingsRepository {
  constructor(
    private readonly store: Store,
    private readonly fixed: Partial<TenantSettings> = {},
  ) {}

  async get(tenantId: string): Promise<TenantSettings> {
    const item = await this.store.getItem<TenantSettings>('settings', tenantId);
    return { ...item?.value, ...definedOnly(this.fixed) };
  }

  /** Merges `patch` into the stored settings. */
  async update(tenantId: string, patch: Partial<TenantSettings>): Promise<TenantSettings> {
    const next = await updateItem<TenantSettings>(this.store, 'settings', tenantId, (current) => ({
      ...current,
      ...definedOnly(patch),
    }));
    return { ...next, ...definedOnly(this.fixed) };
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
