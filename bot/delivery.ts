import {
  CardFactory,
  type CloudAdapter,
  type ConversationReference,
  type Entity,
  type TurnContext,
} from 'botbuilder';
import { ChannelAccount as channelAccountMapper } from 'botframework-connector/lib/connectorApi/models/mappers.js';
import { noticeCard } from '../cards/index.js';
import type { ActivityFeed, ActivityNotification } from '../src/notify/graph.js';
import { UNUSABLE_CODES, type ConversationHealth } from '../src/notify/health.js';
import {
  TRIAGE_CHANNEL,
  activityHeadline,
  type ActivityPayload,
  type MentionPayload,
  type PreferenceKind,
  type RequesterNoticePayload,
} from '../src/notify/kinds.js';
import type { NotificationPreferences } from '../src/notify/preferences.js';
import { DeliveryError, type Deliver, type Turn } from '../src/notify/worker.js';
import { conversationKey, type OutboxMessage } from '../src/store/contract.js';
import type { Person, Ticket } from '../src/tickets/types.js';
import { statusOf } from './access.js';
import type { BotDeps } from './deps.js';
import { sharedTicketCard } from './views.js';

interface CardLocation {
  readonly conversationId: string;
  readonly activityId: string;
  readonly serviceUrl: string;
}

/** What delivery needs beyond the bot's deps: Graph (absent in local mode) and the ledgers. */
export interface NotifyDeps {
  /** The activity feed; without it, activity notifications go as bot messages. */
  readonly feed?: ActivityFeed;
  readonly preferences: NotificationPreferences;
  readonly health: ConversationHealth;
}

// botbuilder serialises only the ChannelAccount fields it knows, and a tag mention needs
// `mentioned.type: 'tag'`: let a mentioned account's other fields through as they are.
Object.assign(channelAccountMapper.type, { additionalProperties: { type: { name: 'Object' } } });

/** Statuses worth another try (Teams' guidance: throttled, precondition, gateway errors). */
const RETRYABLE = new Set([408, 412, 429, 500, 502, 503, 504]);

type Send = (
  reference: Partial<ConversationReference>,
  logic: (c: TurnContext) => Promise<void>,
) => Promise<void>;

/** Everything one delivery needs, bundled so each kind's function takes one argument. */
interface Delivery {
  readonly message: OutboxMessage;
  readonly ticket: Ticket;
  readonly deps: BotDeps;
  readonly notify: NotifyDeps;
  readonly send: Send;
  readonly appId: string;
}

/**
 * Delivers outbox messages: channel cards, thread lines and @mentions, proactive messages to
 * requesters, and activity feed notifications. A 403 that means the bot was removed or blocked
 * marks that conversation unusable; people are then reached through the activity feed.
 */
export function teamsDeliver(adapter: CloudAdapter, deps: BotDeps, notify: NotifyDeps): Deliver {
  const appId = deps.config.bot?.appId ?? '';
  const sender =
    (turn: Turn): Send =>
    async (reference, logic) => {
      // Caught inside the turn: the adapter's onTurnError would otherwise swallow the failure
      // and the outbox would count a refused message as delivered.
      let failure: unknown;
      try {
        await adapter.continueConversationAsync(appId, reference, async (context) => {
          try {
            if (!gateRequests(context.turnState.get(adapter.ConnectorClientKey), turn)) {
              await turn(baseConversation(reference.conversation?.id ?? ''));
            }
            await logic(context);
          } catch (error) {
            failure = error;
          }
        });
      } catch (error) {
        failure = error;
      }
      if (failure !== undefined) throw asDeliveryError(failure);
    };

  return async (message: OutboxMessage, turn: Turn) => {
    const ticket = await deps.tickets.get(message.tenantId, String(message.payload.ticketId));
    const d: Delivery = { message, ticket, deps, notify, send: sender(turn), appId };
    switch (message.kind) {
      case 'channel.ticket-posted':
        return inChannel(d, () => postTicket(d));
      case 'channel.ticket-updated':
        return inChannel(d, () => updateTicketCard(d));
      case 'channel.thread':
        return inChannel(d, () =>
          replyInThread(d, { text: `${ticket.id}: ${message.payload.text}` }),
        );
      case 'channel.mention':
        return inChannel(
          d,
          () => mention(d),
          () => mentionByFeed(d),
        );
      case 'requester.claimed':
        return tellRequester(d, {
          ticketId: ticket.id,
          topic: 'claimed',
          heading: 'Your ticket has a technician',
          text: `${String(message.payload.technician)} is working on your ticket ${ticket.id}.`,
        });
      case 'requester.notice':
        return tellRequester(d, message.payload as unknown as RequesterNoticePayload);
      case 'graph.activity':
        return activity(d, message.payload as unknown as ActivityPayload);
      default:
        throw new DeliveryError(`No delivery is defined for '${message.kind}'.`, false);
    }
  };
}

// --- The triage channel ----------------------------------------------------------------------

/**
 * Runs a channel delivery unless the bot was removed from the channel. On such a 403 the channel
 * is marked (until the bot is added again, which rewrites the settings) and `fallback`, if any,
 * reaches the people concerned another way.
 */
async function inChannel(
  d: Delivery,
  deliver: () => Promise<void>,
  fallback?: () => Promise<void>,
): Promise<void> {
  const { deps, notify, ticket } = d;
  const settings = await deps.store.getItem('settings', ticket.tenantId);
  const mark = await notify.health.unusable(ticket.tenantId, TRIAGE_CHANNEL, settings?.etag);
  try {
    if (mark) throw unusable(mark.code, 'the triage channel');
    await deliver();
  } catch (error) {
    const code = error instanceof DeliveryError ? error.teamsCode : undefined;
    if (!code || !UNUSABLE_CODES.has(code)) throw error;
    if (!mark) await markUnusable(d, TRIAGE_CHANNEL, code, settings?.etag);
    if (!fallback) throw error;
    await fallback();
  }
}

async function postTicket({ ticket, deps, send }: Delivery): Promise<void> {
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

async function updateTicketCard({ ticket, deps, send }: Delivery): Promise<void> {
  const { conversationId, activityId, serviceUrl } = await cardLocation(ticket, deps);
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
  { ticket, deps, send }: Delivery,
  activity: { text: string; entities?: Entity[] },
): Promise<void> {
  const { conversationId, activityId, serviceUrl } = await cardLocation(ticket, deps);
  const thread = `${conversationId};messageid=${activityId}`;
  await send(channelReference(serviceUrl, thread, ticket.tenantId), async (context) => {
    await context.sendActivity({ ...activity, textFormat: activity.entities ? 'xml' : 'plain' });
  });
}

/**
 * A thread reply that @mentions people (the on-call technician) or tags (a tier): Teams wants
 * `<at>Name</at>` in the text and one mention entity per name, a tag's with `type: 'tag'`.
 */
function mention(d: Delivery): Promise<void> {
  const payload = d.message.payload as unknown as MentionPayload;
  const entities = payload.mentions.map((m) => ({
    type: 'mention',
    text: `<at>${escapeXml(m.name)}</at>`,
    mentioned:
      m.type === 'tag' ? { id: m.id, name: m.name, type: 'tag' } : { id: m.id, name: m.name },
  }));
  const names = entities.map((e) => e.text).join(' ');
  const text = `${names} ${escapeXml(`${d.ticket.id}: ${payload.text}`)}`;
  return replyInThread(d, { text, entities });
}

/** With the channel gone, each mentioned person hears it in their activity feed. */
async function mentionByFeed(d: Delivery): Promise<void> {
  const payload = d.message.payload as unknown as MentionPayload;
  const people = payload.mentions.filter((m) => m.type !== 'tag' && m.aadObjectId);
  if (!d.notify.feed || people.length === 0) {
    throw new DeliveryError('The bot cannot post in the triage channel any more.', false);
  }
  for (const person of people) {
    await d.notify.feed.send(d.ticket.tenantId, person.aadObjectId!, {
      topic: { source: 'text', value: `${d.ticket.id}: ${d.ticket.title}`, webUrl: chatWithBot(d) },
      activityType: 'systemDefault',
      previewText: { content: payload.text.slice(0, 150) },
      templateParameters: [{ name: 'systemDefaultText', value: `${d.ticket.id}: ${payload.text}` }],
    });
  }
}

// --- The requester's personal chat -------------------------------------------------------------

/**
 * A proactive message in the requester's personal chat, unless they muted its topic. When Teams
 * says the bot was removed or blocked there, the conversation is marked unusable, the support
 * team is told in the ticket's thread, and this and later notices go to the activity feed.
 */
async function tellRequester(d: Delivery, notice: RequesterNoticePayload): Promise<void> {
  const { ticket, deps, notify, message } = d;
  const requester = ticket.requester;
  if (notice.topic && !(await wanted(d, requester, `requester.${notice.topic}`))) return;
  const reference = await deps.store.getItem<Partial<ConversationReference>>(
    'conversation',
    message.target,
  );
  const mark = await notify.health.unusable(ticket.tenantId, message.target, reference?.etag);
  if (mark) return noticeByFeed(d, requester, notice, mark.code);
  if (!reference) {
    if (notify.feed && requester.aadObjectId) return noticeByFeed(d, requester, notice, 'NoChat');
    throw new DeliveryError(`No chat with ${message.target} is known to the bot.`, false);
  }
  try {
    await d.send(reference.value, async (context) => {
      const card = noticeCard(notice.heading, notice.text);
      await context.sendActivity({
        text: notice.text,
        attachments: [CardFactory.adaptiveCard(card)],
      });
    });
  } catch (error) {
    const code = error instanceof DeliveryError ? error.teamsCode : undefined;
    if (!code || !UNUSABLE_CODES.has(code)) throw error;
    if (await markUnusable(d, message.target, code, reference.etag)) {
      await tellTeam(d, `${requester.name} can no longer be reached in chat (${code}).`);
    }
    await noticeByFeed(d, requester, notice, code);
  }
}

async function noticeByFeed(
  d: Delivery,
  person: Person,
  notice: RequesterNoticePayload,
  why: string,
): Promise<void> {
  if (!d.notify.feed || !person.aadObjectId) {
    throw new DeliveryError(
      `${person.name} cannot be reached: no chat with the bot (${why}) and no activity feed.`,
      false,
    );
  }
  await d.notify.feed.send(d.ticket.tenantId, person.aadObjectId, {
    topic: { source: 'text', value: `${d.ticket.id}: ${d.ticket.title}`, webUrl: chatWithBot(d) },
    activityType: 'systemDefault',
    previewText: { content: notice.text.slice(0, 150) },
    templateParameters: [{ name: 'systemDefaultText', value: notice.heading }],
  });
}

// --- Technicians' activity feed ----------------------------------------------------------------

/**
 * An activity feed notification that opens the ticket's card in the channel. Without Graph
 * (local mode) it goes as a bot message to the person's personal chat instead.
 */
async function activity(d: Delivery, payload: ActivityPayload): Promise<void> {
  const { ticket, notify } = d;
  if (!(await wanted(d, payload.recipient, payload.activityType))) return;
  const headline = activityHeadline(payload.activityType, ticket.id, payload.parameters);
  // Graph addresses people by Entra object id; without one, the bot's chat is the way.
  if (!notify.feed || !payload.recipient.aadObjectId)
    return activityAsMessage(d, payload, headline);

  const notification: ActivityNotification = {
    topic: {
      source: 'text',
      value: `${ticket.id}: ${ticket.title}`,
      webUrl: await cardDeepLink(ticket, d.deps),
    },
    activityType: payload.activityType,
    previewText: { content: payload.previewText.slice(0, 150) },
    templateParameters: [
      { name: 'ticketId', value: ticket.id },
      ...Object.entries(payload.parameters ?? {}).map(([name, value]) => ({ name, value })),
    ],
  };
  await notify.feed.send(ticket.tenantId, d.message.target, notification);
}

async function activityAsMessage(d: Delivery, payload: ActivityPayload, headline: string) {
  const target = conversationKey('user', payload.recipient.id);
  const reference = await d.deps.store.getItem<Partial<ConversationReference>>(
    'conversation',
    target,
  );
  const mark = await d.notify.health.unusable(d.ticket.tenantId, target, reference?.etag);
  if (!reference || mark) {
    throw new DeliveryError(
      `${payload.recipient.name} has no chat with the bot and Graph is not configured.`,
      false,
    );
  }
  try {
    await d.send(reference.value, async (context) => {
      const card = noticeCard(headline, payload.previewText);
      await context.sendActivity({
        text: `${headline}. ${payload.previewText}`,
        attachments: [CardFactory.adaptiveCard(card)],
      });
    });
  } catch (error) {
    const code = error instanceof DeliveryError ? error.teamsCode : undefined;
    if (code && UNUSABLE_CODES.has(code)) await markUnusable(d, target, code, reference.etag);
    throw error;
  }
}

// --- Shared ------------------------------------------------------------------------------------

async function wanted(d: Delivery, person: Person, kind: PreferenceKind): Promise<boolean> {
  if (await d.notify.preferences.wants(d.ticket.tenantId, person, kind)) return true;
  d.deps.log.info(
    { outboxId: d.message.id, ticketId: d.ticket.id, kind, userId: person.id },
    'notification muted by its recipient',
  );
  return false;
}

/** Marks a conversation unusable and tells admins through the log; true when newly marked. */
async function markUnusable(
  d: Delivery,
  target: string,
  code: string,
  referenceEtag: string | undefined,
): Promise<boolean> {
  const fresh = await d.notify.health.markUnusable(d.ticket.tenantId, target, {
    code,
    at: new Date().toISOString(),
    referenceEtag,
  });
  if (fresh) {
    d.deps.log.error(
      {
        tenantId: d.ticket.tenantId,
        ticketId: d.ticket.id,
        target,
        code: 'conversation_unusable',
        teamsCode: code,
      },
      'Teams refused the bot in this conversation; notifications there stop until it is usable again',
    );
  }
  return fresh;
}

/** Best effort: one line for the support team in the ticket's thread, outside the outbox. */
async function tellTeam(d: Delivery, text: string): Promise<void> {
  try {
    await inChannel(d, () => replyInThread(d, { text: `${d.ticket.id}: ${text}` }));
  } catch (error) {
    d.deps.log.warn({ ticketId: d.ticket.id, err: error }, 'could not tell the support team');
  }
}

async function cardLocation(ticket: Ticket, deps: BotDeps): Promise<CardLocation> {
  const location = await deps.store.getItem<CardLocation>(
    'ticket-card',
    `${ticket.tenantId}/${ticket.id}`,
  );
  if (!location) throw new DeliveryError('The ticket card has not been posted yet.', true, 5_000);
  return location.value;
}

/** The Teams deep link that opens the ticket's card in the triage channel. */
async function cardDeepLink(ticket: Ticket, deps: BotDeps): Promise<string> {
  const { conversationId, activityId } = await cardLocation(ticket, deps);
  const query = new URLSearchParams({ tenantId: ticket.tenantId, parentMessageId: activityId });
  const channel = encodeURIComponent(conversationId);
  return `https://teams.microsoft.com/l/message/${channel}/${activityId}?${query.toString()}`;
}

/** Opens the person's chat with the bot, where they can add it back. */
function chatWithBot(d: Delivery): string {
  return `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(`28:${d.appId}`)}`;
}

interface PipelineLike {
  removePolicy(options: { phase: string }): unknown;
  addPolicy(
    policy: {
      name: string;
      sendRequest(
        request: { url: string },
        next: (r: { url: string }) => Promise<unknown>,
      ): Promise<unknown>;
    },
    options: { afterPhase: string },
  ): void;
}

/**
 * Puts the rate windows on the connector client's HTTP pipeline, as its last step, so a request
 * is counted when it leaves rather than when its message was picked up (a busy process can keep
 * the two apart by seconds). The pipeline's own retry policies come out: they would retry 429s
 * and 5xx unseen by the windows, and the outbox does the retrying. False when the client has no
 * pipeline to change (then the caller counts the request itself).
 */
function gateRequests(connector: unknown, turn: Turn): boolean {
  const pipeline = (connector as { client?: { pipeline?: PipelineLike } } | undefined)?.client
    ?.pipeline;
  if (!pipeline) return false;
  pipeline.removePolicy({ phase: 'Retry' });
  pipeline.addPolicy(
    {
      name: 'helpdeskRateWindows',
      async sendRequest(request, next) {
        const path = decodeURIComponent(new URL(request.url).pathname);
        await turn(baseConversation(path.split('/')[3] ?? ''));
        return next(request);
      },
    },
    { afterPhase: 'Sign' },
  );
  return true;
}

/** Teams counts a channel thread's replies against the channel: `19:x;messageid=1` → `19:x`. */
function baseConversation(conversationId: string): string {
  return conversationId.split(';')[0];
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

function unusable(code: string, where: string): DeliveryError {
  return new DeliveryError(
    `The bot may not send to ${where} any more (${code}).`,
    false,
    undefined,
    {
      teamsCode: code,
    },
  );
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function asDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const status = statusOf(error);
  const teamsCode = status === 403 ? errorCode(error) : undefined;
  const detail = teamsCode ? ` ${teamsCode}` : '';
  const message = `The Teams connector refused the message (${status ?? 'no status'}${detail}).`;
  const retryable = status === undefined || RETRYABLE.has(status);
  return new DeliveryError(message, retryable, retryAfterMs(error), { cause: error, teamsCode });
}

/** Teams' error code from the connector's answer, e.g. `BotNotInConversationRoster`. */
function errorCode(error: unknown): string | undefined {
  const e = error as {
    code?: unknown;
    body?: { error?: { code?: unknown } };
    response?: { parsedBody?: { error?: { code?: unknown } }; bodyAsText?: string };
  };
  const candidates = [e?.body?.error?.code, e?.response?.parsedBody?.error?.code, e?.code];
  try {
    candidates.push(
      (JSON.parse(e?.response?.bodyAsText ?? '{}') as { error?: { code?: unknown } }).error?.code,
    );
  } catch {
    // Not JSON: the other places are all there is.
  }
  return candidates.find((c): c is string => typeof c === 'string' && c.length > 0);
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (
    error as { response?: { headers?: { get?: (n: string) => string | undefined } } }
  )?.response?.headers;
  const value = headers?.get?.('retry-after');
  const seconds = value === undefined ? NaN : Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}
