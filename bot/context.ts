import { CardFactory, type TurnContext } from 'botbuilder';
import type { Card } from '../cards/index.js';
import type { Person } from '../src/tickets/types.js';

/** Tenant used when an activity carries none (local tools such as the Agents Playground). */
export const LOCAL_TENANT = 'local';

/** Who the activity says is acting. Card data never decides this. */
export function actorOf(context: TurnContext): Person {
  const from = context.activity.from;
  return { id: from.id, name: from.name?.trim() || 'Someone', aadObjectId: from.aadObjectId };
}

export function tenantOf(context: TurnContext): string {
  const channelData = context.activity.channelData as { tenant?: { id?: string } } | undefined;
  return context.activity.conversation?.tenantId ?? channelData?.tenant?.id ?? LOCAL_TENANT;
}

export function isPersonalChat(context: TurnContext): boolean {
  const type = context.activity.conversation?.conversationType;
  return type === 'personal' || type === undefined;
}

/** The Teams team and channel of an activity in a channel, when it is one. */
export function teamOf(context: TurnContext): { teamId?: string; channelId?: string } {
  const channelData = context.activity.channelData as
    { team?: { id?: string }; channel?: { id?: string } } | undefined;
  return { teamId: channelData?.team?.id, channelId: channelData?.channel?.id };
}

/** Answers in the conversation of the activity with one Adaptive Card. */
export async function sendCard(context: TurnContext, card: Card): Promise<void> {
  await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
}
