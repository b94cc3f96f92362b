import fs from 'node:fs';
import type { Clock } from '../clock.js';
import { HelpdeskError } from '../errors.js';
import type { Store } from '../store/contract.js';
import { updateItem } from '../store/kv.js';
import type { Person, Tier } from '../tickets/types.js';
import { DEFAULT_CALENDARS } from './calendars.js';
import { createOnCall, type OnCall, type OnCallSchedule, type Override } from './oncall.js';
import { DEFAULT_SLA_SETTINGS, validateSlaSettings, type SlaSettings } from './policy.js';
import type { Responders } from './respond.js';

const EMPTY: OnCallSchedule = { technicians: [], rotations: [], overrides: [] };

/** Reads an on-call schedule file (HELPDESK_ONCALL_FILE) and checks it; a bad file stops start-up. */
export function loadSchedule(file: string | undefined): OnCallSchedule {
  if (!file) return EMPTY;
  const schedule = readJson<OnCallSchedule>(file, 'HELPDESK_ONCALL_FILE');
  createOnCall(schedule);
  return schedule;
}

/** Reads SLA policies and rules (HELPDESK_SLA_FILE) and checks them against the calendars. */
export function loadSlaSettings(file: string | undefined): SlaSettings {
  if (!file) return DEFAULT_SLA_SETTINGS;
  const settings = readJson<SlaSettings>(file, 'HELPDESK_SLA_FILE');
  validateSlaSettings(settings, DEFAULT_CALENDARS);
  return settings;
}

function readJson<T>(file: string, variable: string): T {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new HelpdeskError('invalid_config', `${variable}: cannot read ${file} as JSON.`, {
      cause: error,
    });
  }
}

/**
 * Who is on call, per tenant: the configured schedule plus the overrides admins set from the
 * channel, which are kept in the store so every instance sees them.
 */
export class OnCallDirectory {
  constructor(
    private readonly store: Store,
    private readonly schedule: OnCallSchedule,
    private readonly tierLeadIds: readonly string[],
    private readonly clock: Clock,
    private readonly tierTags: Readonly<Partial<Record<Tier, string>>> = {},
  ) {}

  async onCall(tenantId: string): Promise<OnCall> {
    const stored = await this.store.getItem<Override[]>('settings', overridesKey(tenantId));
    return createOnCall({
      ...this.schedule,
      overrides: [...this.schedule.overrides, ...(stored?.value ?? [])],
    });
  }

  /** The people the SLA scheduler reaches for a tenant, as of now. */
  async responders(tenantId: string): Promise<Responders> {
    const onCall = await this.onCall(tenantId);
    const now = this.clock.now();
    return {
      onCall: (tier: Tier) => {
        const answer = onCall.onCallAt(tier, now);
        return answer.kind === 'technician'
          ? { id: answer.technician.id, name: answer.technician.name }
          : undefined;
      },
      tierLeads: this.tierLeadIds.map(personFromId),
      tierTag: (tier: Tier) => this.tierTags[tier],
    };
  }

  /** Adds an override; refused (bad_request) when the schedule would not accept it. */
  async addOverride(tenantId: string, override: Override): Promise<void> {
    if (!this.schedule.technicians.some((t) => t.id === override.technicianId)) {
      throw new HelpdeskError('bad_request', 'That person is not in the on-call schedule.');
    }
    await updateItem<Override[]>(this.store, 'settings', overridesKey(tenantId), (stored) => {
      const next = [...(stored ?? []), override];
      // Refuses (invalid_config) an override the schedule cannot take, before anything is saved.
      createOnCall({ ...this.schedule, overrides: [...this.schedule.overrides, ...next] });
      return next;
    });
  }
}

function overridesKey(tenantId: string): string {
  return `oncall-overrides/${tenantId}`;
}

/** Configured ids are Teams user ids (`29:...`) or Entra object ids. */
function personFromId(id: string): Person {
  return id.includes(':') ? { id, name: 'Tier lead' } : { id, name: 'Tier lead', aadObjectId: id };
}
