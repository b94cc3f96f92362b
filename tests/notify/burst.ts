import { requesterNoticeMessage } from '../../src/notify/kinds.js';
import { TEAMS_LIMITS, type RateLimits } from '../../src/notify/limits.js';
import { conversationKey, type Store } from '../../src/store/contract.js';
import type { Person } from '../../src/tickets/types.js';
import type { Arrival } from '../support/connector.js';

/** One notification of a burst, and where it should end up. */
export interface BurstNotice {
  readonly id: string;
  readonly tenantId: string;
  readonly requester: Person;
  readonly conversationId: string;
  readonly heading: string;
  readonly text: string;
}

export interface BurstShape {
  readonly tenants: number;
  readonly usersPerTenant: number;
  readonly noticesPerUser: number;
}

/**
 * Writes a burst of requester notices through the store's public API: one ticket per requester,
 * created with its notices in the same step, and a stored chat with the bot for each requester.
 */
export async function seedBurst(
  store: Store,
  serviceUrl: string,
  shape: BurstShape,
): Promise<BurstNotice[]> {
  const notices: BurstNotice[] = [];
  const now = new Date().toISOString();
  for (let t = 0; t < shape.tenants; t++) {
    const tenantId = `tenant-${t}`;
    for (let u = 0; u < shape.usersPerTenant; u++) {
      const requester: Person = {
        id: `29:user-${t}-${u}`,
        name: `User ${t}-${u}`,
        aadObjectId: `aad-${t}-${u}`,
      };
      const conversationId = `a:personal-${requester.id}`;
      await store.putItem('conversation', conversationKey('user', requester.id), {
        serviceUrl,
        channelId: 'msteams',
        conversation: { id: conversationId, conversationType: 'personal', tenantId },
        user: { id: requester.id, name: requester.name, aadObjectId: requester.aadObjectId },
        bot: { id: '28:helpdesk-bot', name: 'Help Desk' },
      });
      const mine: BurstNotice[] = [];
      await store.createTicket(
        {
          tenantId,
          intakeKey: `burst-${t}-${u}`,
          title: 'Laptop will not boot',
          description: 'Laptop will not boot',
          requester,
          state: 'triaged',
          priority: 'P3',
          category: 'hardware',
          tier: 'L1',
          reasons: [],
          proposal: { priority: 'P3', category: 'hardware', tier: 'L1', reasons: [] },
          createdAt: now,
          updatedAt: now,
        },
        (ticket) => {
          const outbox = Array.from({ length: shape.noticesPerUser }, (_, k) => {
            const heading = `Update ${k} on ${ticket.id} for ${requester.id}`;
            const text = `Notice ${k} for ${requester.id} (${tenantId}).`;
            const message = requesterNoticeMessage(tenantId, `burst-${k}`, requester.id, {
              ticketId: ticket.id,
              topic: 'update',
              heading,
              text,
            });
            mine.push({ id: message.id, tenantId, requester, conversationId, heading, text });
            return message;
          });
          return { events: [], outbox };
        },
      );
      notices.push(...mine);
    }
  }
  return notices;
}

/**
 * Every place where more requests reached one conversation, or one tenant, than a window
 * allows: for sorted arrivals, the one `limit` places on must be at least `spanMs` later.
 */
export function windowViolations(
  arrivals: readonly Arrival[],
  tenantOf: (conversationId: string) => string,
  limits: RateLimits = TEAMS_LIMITS,
): string[] {
  const violations: string[] = [];
  const check = (what: string, times: number[], windows: RateLimits['tenant']) => {
    times.sort((a, b) => a - b);
    for (const { limit, spanMs } of windows) {
      for (let i = 0; i + limit < times.length; i++) {
        if (times[i + limit] - times[i] < spanMs) {
          violations.push(
            `${what}: ${limit + 1} requests within ${times[i + limit] - times[i]} ms ` +
              `(limit ${limit} per ${spanMs} ms), from ${new Date(times[i]).toISOString()}`,
          );
          break;
        }
      }
    }
  };
  const byConversation = group(arrivals, (a) => a.conversationId.split(';')[0]);
  for (const [id, times] of byConversation) check(`conversation ${id}`, times, limits.conversation);
  const byTenant = group(arrivals, (a) => tenantOf(a.conversationId.split(';')[0]));
  for (const [id, times] of byTenant) check(`tenant ${id}`, times, limits.tenant);
  return violations;
}

function group(arrivals: readonly Arrival[], key: (a: Arrival) => string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const a of arrivals) {
    const k = key(a);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(a.at);
  }
  return groups;
}

/** How many copies of each notice reached its requester, by chat or by activity feed. */
export function copiesOf(
  notices: readonly BurstNotice[],
  chat: readonly { body: Record<string, unknown> }[],
  feed: readonly { body: Record<string, unknown> }[] = [],
): Map<string, number> {
  const count = new Map<string, number>();
  const add = (text: unknown) => {
    if (typeof text === 'string') count.set(text, (count.get(text) ?? 0) + 1);
  };
  for (const r of chat) add(r.body.text);
  for (const r of feed) add((r.body.previewText as { content?: unknown } | undefined)?.content);
  return new Map(notices.map((n) => [n.id, count.get(n.text) ?? 0]));
}
