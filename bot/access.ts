import { TeamsInfo, type CloudAdapter } from 'botbuilder';
import type { Config } from '../src/config/index.js';
import type { SettingsRepository } from '../src/config/settings.js';
import type { Logger } from '../src/log.js';
import type { AccessPolicy } from '../src/tickets/access.js';
import type { Person } from '../src/tickets/types.js';

/** How long a roster answer is trusted; membership changes reach the bot within this time. */
const ROSTER_TTL_MS = 60_000;

/**
 * Technicians are the members of the support team, read from the team's roster through the
 * connector, plus anyone configured in HELPDESK_TECHNICIANS.
 */
export class RosterAccessPolicy implements AccessPolicy {
  private readonly cache = new Map<string, { member: boolean; until: number }>();

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly settings: SettingsRepository,
    private readonly config: Config,
    private readonly log: Logger,
  ) {}

  async isLead(_tenantId: string, person: Person): Promise<boolean> {
    return listed(this.config.tierLeads, person);
  }

  async isAdmin(tenantId: string, person: Person): Promise<boolean> {
    const { admins, tierLeads } = this.config;
    if (admins.length > 0) return listed(admins, person);
    if (tierLeads.length > 0) return listed(tierLeads, person);
    return this.isTechnician(tenantId, person);
  }

  async isTechnician(tenantId: string, person: Person): Promise<boolean> {
    if (listed(this.config.technicians, person) || listed(this.config.tierLeads, person))
      return true;

    const settings = await this.settings.get(tenantId);
    if (!settings.supportTeamId || !settings.serviceUrl) return false;

    const key = `${tenantId}/${settings.supportTeamId}/${person.id}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.member;
    const member = await this.inRoster(
      settings.serviceUrl,
      tenantId,
      settings.supportTeamId,
      person.id,
    );
    this.cache.set(key, { member, until: Date.now() + ROSTER_TTL_MS });
    return member;
  }

  private async inRoster(serviceUrl: string, tenantId: string, teamId: string, userId: string) {
    let member = false;
    const reference = {
      serviceUrl,
      channelId: 'msteams',
      conversation: { id: teamId, isGroup: true, conversationType: 'channel', tenantId, name: '' },
    };
    await this.adapter.continueConversationAsync(
      this.config.bot?.appId ?? '',
      reference,
      async (context) => {
        try {
          await TeamsInfo.getTeamMember(context, teamId, userId);
          member = true;
        } catch (error) {
          // The connector answers 404 for someone who is not in the team; that is a plain "no".
          if (statusOf(error) !== 404) throw error;
          this.log.debug({ tenantId, teamId, userId }, 'not a support team member');
        }
      },
    );
    return member;
  }
}

function listed(ids: readonly string[], person: Person): boolean {
  return (
    ids.includes(person.id) ||
    (person.aadObjectId !== undefined && ids.includes(person.aadObjectId))
  );
}

export function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; status?: unknown } | undefined;
  const status = e?.statusCode ?? e?.status;
  return typeof status === 'number' ? status : undefined;
}
