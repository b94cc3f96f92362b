import type { TurnContext } from 'botbuilder';
import { ticketListCard, type Card } from '../../cards/index.js';
import { HelpdeskError } from '../../src/errors.js';
import type { QueueOrder } from '../../src/store/contract.js';
import type { QueueName } from '../../src/tickets/service.js';
import { TIERS, type Tier } from '../../src/tickets/types.js';
import { actorOf, sendCard, tenantOf } from '../context.js';
import type { ActionHandler, BotDeps, MessageHandler } from '../deps.js';

export const MORE_QUEUE = 'queue.more';

interface QueueRequest {
  readonly name: QueueName;
  readonly tier?: Tier;
  readonly order: QueueOrder;
}

const HEADINGS: Readonly<Record<QueueName, string>> = {
  unassigned: 'Unassigned tickets',
  mine: 'Your queue',
  tier: 'Queue',
};

async function queueCard(
  context: TurnContext,
  deps: BotDeps,
  request: QueueRequest,
  cursor?: string,
): Promise<Card> {
  const tenantId = tenantOf(context);
  const actor = actorOf(context);
  if (!(await deps.tickets.isTechnician(tenantId, actor))) {
    throw new HelpdeskError('forbidden', 'Queues are for members of the support team.');
  }
  const page = await deps.tickets.queue(
    tenantId,
    request.name,
    { ownerId: actor.id, tier: request.tier },
    cursor,
    request.order,
  );
  const heading = request.tier ? `${request.tier} queue` : HEADINGS[request.name];
  return ticketListCard({
    heading: `${heading}, ${ORDER_WORDS[request.order]}${cursor ? ' (continued)' : ''}`,
    emptyText: 'Nothing waiting here.',
    tickets: page.items,
    cursor: page.cursor,
    moreVerb: MORE_QUEUE,
    moreData: { name: request.name, tier: request.tier ?? '', order: request.order },
  });
}

const ORDER_WORDS: Readonly<Record<QueueOrder, string>> = {
  urgent: 'most urgent first',
  newest: 'newest first',
};

/** Reads `unassigned`, `my queue` or `queue L2`, each optionally followed by `newest`. */
export function parseQueue(text: string): QueueRequest | undefined {
  const words = text.trim().toLowerCase();
  const order: QueueOrder = /\s+newest$/.test(words) ? 'newest' : 'urgent';
  const t = words.replace(/\s+newest$/, '');
  if (/^unassigned$/.test(t)) return { name: 'unassigned', order };
  if (/^my\s+queue$/.test(t)) return { name: 'mine', order };
  const tier = /^queue\s+(l[123])$/.exec(t)?.[1].toUpperCase() as Tier | undefined;
  if (tier && TIERS.includes(tier)) return { name: 'tier', tier, order };
  return undefined;
}

/** The queue commands in the channel: a page, with "More" when there is another. */
export const showQueue: MessageHandler = async (context, deps) => {
  const request = parseQueue(context.activity.text ?? '');
  if (!request)
    throw new HelpdeskError('bad_request', 'Try "unassigned", "my queue" or "queue L2".');
  const card = await queueCard(context, deps, request);
  await sendCard(context, card);
};

export const moreQueue: ActionHandler = async (context, deps, data) => {
  const name = data.name;
  if (name !== 'unassigned' && name !== 'mine' && name !== 'tier') {
    throw new HelpdeskError('bad_request', 'The card did not name a queue.');
  }
  const tier = TIERS.find((t) => t === data.tier);
  const cursor = typeof data.cursor === 'string' ? data.cursor : undefined;
  const order: QueueOrder = data.order === 'newest' ? 'newest' : 'urgent';
  return queueCard(context, deps, { name, tier, order }, cursor);
};
