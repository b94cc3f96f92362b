import { randomUUID } from 'node:crypto';

export const TENANT = 'tenant-contoso';
export const BOT = { id: '28:helpdesk-bot', name: 'Help Desk' };
export const TEAM_ID = '19:support-team@thread.tacv2';
/** The thread a channel message in tests is posted in. */
export const CHANNEL_THREAD = `${TEAM_ID};messageid=1`;

export interface User {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
}

export function user(name: string): User {
  const slug = name.toLowerCase().replace(/\s+/g, '-');
  return { id: `29:${slug}`, name, aadObjectId: `aad-${slug}` };
}

type Activity = Record<string, unknown>;

/** Builds activities shaped as Teams sends them, all pointing at one connector. */
export class TeamsActivities {
  constructor(private readonly serviceUrl: string) {}

  private base(from: User | typeof BOT, conversation: Activity, channelData: Activity): Activity {
    return {
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      serviceUrl: this.serviceUrl,
      channelId: 'msteams',
      from,
      recipient: BOT,
      conversation: { tenantId: TENANT, ...conversation },
      channelData: { tenant: { id: TENANT }, ...channelData },
      locale: 'en-US',
    };
  }

  private personal(from: User): Activity {
    return this.base(from, { id: `a:personal-${from.id}`, conversationType: 'personal' }, {});
  }

  private channel(from: User, channelId = TEAM_ID): Activity {
    return this.base(
      from,
      { id: `${channelId};messageid=1`, conversationType: 'channel', isGroup: true },
      { team: { id: TEAM_ID, name: 'IT Support' }, channel: { id: channelId } },
    );
  }

  /** A message in the user's personal chat with the bot. */
  personalMessage(from: User, text: string): Activity {
    return { ...this.personal(from), type: 'message', text };
  }

  /** A message to the bot in the support channel (Teams strips the @mention for the bot). */
  channelMessage(from: User, text: string): Activity {
    return { ...this.channel(from), type: 'message', text };
  }

  /** The bot being added to the support team. */
  installedInTeam(by: User): Activity {
    return {
      ...this.channel(by),
      // Teams addresses team events to the General channel, whose id is the team's.
      conversation: { tenantId: TENANT, id: TEAM_ID, conversationType: 'channel', isGroup: true },
      type: 'conversationUpdate',
      membersAdded: [BOT],
      channelData: {
        tenant: { id: TENANT },
        team: { id: TEAM_ID, name: 'IT Support' },
        eventType: 'teamMemberAdded',
      },
    };
  }

  /** A press on an Action.Execute button, in the personal chat or on a channel card. */
  action(
    where: 'personal' | 'channel',
    from: User,
    verb: string,
    data: Record<string, unknown>,
    replyToId = 'card-activity',
  ): Activity {
    const base = where === 'personal' ? this.personal(from) : this.channel(from);
    return {
      ...base,
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId,
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    };
  }
}

export interface BotResponse {
  readonly status: number;
  readonly body: Record<string, unknown> | undefined;
}

/** POSTs one activity to the bot's /api/messages and returns its HTTP answer. */
export async function post(botUrl: string, activity: Activity | string): Promise<BotResponse> {
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof activity === 'string' ? activity : JSON.stringify(activity),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

/** The card an invoke answered with, or fails the test when it answered something else. */
export function invokeCard(response: BotResponse): Record<string, unknown> {
  const body = response.body as { type?: string; value?: Record<string, unknown> } | undefined;
  if (
    response.status !== 200 ||
    body?.type !== 'application/vnd.microsoft.card.adaptive' ||
    !body.value
  ) {
    throw new Error(
      `Expected a card in the invoke response, got ${response.status} ${JSON.stringify(body)}`,
    );
  }
  return body.value;
}

/** The Adaptive Card attached to a recorded message, if any. */
export function cardOf(activity: Record<string, unknown>): Record<string, unknown> | undefined {
  const attachments = activity.attachments as
    { contentType: string; content: Record<string, unknown> }[] | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
    ?.content;
}

/** All text in a card, joined, for "does the card say X" checks. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (typeof value === 'string' && ['text', 'title', 'value'].includes(key))
          parts.push(value);
        else walk(value);
      }
    }
  };
  walk(card);
  return parts.join('\n');
}

/** The verbs of a card's Action.Execute buttons. */
export function verbsOf(card: Record<string, unknown>): string[] {
  return ((card.actions as { verb?: string }[] | undefined) ?? []).map((a) => a.verb ?? '');
}
