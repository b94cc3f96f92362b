import {
  CardFactory,
  type CloudAdapter,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import { noticeCard } from '../cards/index.js';
import type { OutboxMessage } from '../src/store/contract.js';
import { DeliveryError, type Deliver } from '../src/notify/worker.js';
import type { Ticket } from '../src/tickets/types.js';
import { statusOf } from './access.js';
import type { BotDeps } from './deps.js';
import { sharedTicketCard } from './views.js';

interface CardLocation {
  readonly conversationId: string;
  readonly activityId: string;
  readonly serviceUrl: string;
}

/** Statuses worth another try (Teams' guidance: throttled, precondition, gateway errors). */
const RETRYABLE = new Set([408, 412, 429, 500, 502, 503, 504]);

/** Delivers outbox messages as Teams messages through the connector. */
export function teamsDeliver(adapter: CloudAdapter, deps: BotDeps): Deliver {
  const appId = deps.config.bot?.appId ?? '';
  const send = async (
    reference: Partial<ConversationReference>,
    logic: (c: TurnContext) => Promise<void>,
  ) => {
    try {
      await adapter.continueConversationAsync(appId, reference, logic);
    } catch (error) {
      throw asDeliveryError(error);
    }
  };

  return async (message: OutboxMessage) => {
    const ticket = await deps.tickets.get(message.tenantId, String(message.payload.ticketId));
    switch (message.kind) {
      case 'channel.ticket-posted':
        return postTicket(ticket, deps, send);
      case 'channel.ticket-updated':
        return updateTicketCard(ticket, deps, send);
      case 'channel.thread':
        return replyInThread(ticket, deps, send, String(message.payload.text));
      case 'requester.claimed':
        return tellRequester(
          message,
          deps,
          send,
          'Your ticket has a technician',
          `${String(message.payload.technician)} is working on your ticket ${ticket.id}.`,
        );
      case 'requester.notice':
        return tellRequester(
          message,
          deps,
          send,
          String(message.payload.heading),
          String(message.payload.text),
        );
      default:
        throw new DeliveryError(`No delivery is defined for '${message.kind}'.`, false);
    }
  };
}

type Send = (
  reference: Partial<ConversationReference>,
  logic: (c: TurnContext) => Promise<void>,
) => Promise<void>;

async function postTicket(ticket: Ticket, deps: BotDeps, send: Send): Promise<void> {
  const key = `${ticket.tenantId}/${ticket.id}`;
  // Posted by an earlier attempt that died before recording success: do not post twice.
  if (await deps.store.getItem('ticket-card', key)) return;
  const settings = await deps.settings.get(ticket.tenantId);
  if (!settings.triageChannelId || !settings.serviceUrl) {
    throw new DeliveryError(
      'No triage channel yet: add the bot to the support team.',
      true,
      60_000,
    );
  }
  const reference = channelReference(
    settings.serviceUrl,
    settings.triageChannelId,
    ticket.tenantId,
  );
  await send(reference, async (context) => {
    const card = await sharedTicketCard(ticket, deps);
    const sent = await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
    if (!sent?.id)
      throw new DeliveryError('The connector returned no id for the ticket card.', true);
    const location: CardLocation = {
      conversationId: settings.triageChannelId!,
      activityId: sent.id,
      serviceUrl: settings.serviceUrl!,
    };
    await deps.store.putItem('ticket-card', key, location);
  });
}

async function updateTicketCard(ticket: Ticket, deps: BotDeps, send: Send): Promise<void> {
  const location = await deps.store.getItem<CardLocation>(
    'ticket-card',
    `${ticket.tenantId}/${ticket.id}`,
  );
  if (!location) throw new DeliveryError('The ticket card has not been posted yet.', true, 5_000);
  const { conversationId, activityId, serviceUrl } = location.value;
  await send(channelReference(serviceUrl, conversationId, ticket.tenantId), async (context) => {
    const card = await sharedTicketCard(ticket, deps);
    await context.updateActivity({
      id: activityId,
      type: 'message',
      attachments: [CardFactory.adaptiveCard(card)],
    });
  });
}

/** A line in the ticket card's reply thread, so the channel keeps the whole conversation. */
async function replyInThread(
  ticket: Ticket,
  deps: BotDeps,
  send: Send,
  text: string,
): Promise<void> {
  const location = await deps.store.getItem<CardLocation>(
    'ticket-card',
    `${ticket.tenantId}/${ticket.id}`,
  );
  if (!location) throw new DeliveryError('The ticket card has not been posted yet.', true, 5_000);
  const { conversationId, activityId, serviceUrl } = location.value;
  const thread = `${conversationId};messageid=${activityId}`;
  await send(channelReference(serviceUrl, thread, ticket.tenantId), async (context) => {
    await context.sendActivity({ text: `${ticket.id}: ${text}`, textFormat: 'plain' });
  });
}

async function tellRequester(
  message: OutboxMessage,
  deps: BotDeps,
  send: Send,
  heading: string,
  text: string,
): Promise<void> {
  const reference = await deps.store.getItem<Partial<ConversationReference>>(
    'conversation',
    message.target,
  );
  if (!reference)
    throw new DeliveryError(`No chat with ${message.target} is known to the bot.`, false);
  await send(reference.value, async (context) => {
    const card = noticeCard(heading, text);
    await context.sendActivity({ text, attachments: [CardFactory.adaptiveCard(card)] });
  });
}

function channelReference(
  serviceUrl: string,
  channelId: string,
  tenantId: string,
): Partial<ConversationReference> {
  return {
    serviceUrl,
    channelId: 'msteams',
    conversation: { id: channelId, isGroup: true, conversationType: 'channel', tenantId, name: '' },
  };
}

function asDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const status = statusOf(error);
  const message = `The Teams connector refused the message (${status ?? 'no status'}).`;
  const retryable = status === undefined || RETRYABLE.has(status);
  return new DeliveryError(message, retryable, retryAfterMs(error), { cause: error });
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (
    error as { response?: { headers?: { get?: (n: string) => string | undefined } } }
  )?.response?.headers;
  const value = headers?.get?.('retry-after');
  const seconds = value === undefined ? NaN : Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}
