import type { TurnContext } from 'botbuilder';
import { ticketListCard, type Card } from '../../cards/index.js';
import { actorOf, sendCard, tenantOf } from '../context.js';
import type { ActionHandler, BotDeps, MessageHandler } from '../deps.js';

export const MORE_MY_TICKETS = 'tickets.mine.more';

async function myTicketsCard(context: TurnContext, deps: BotDeps, cursor?: string): Promise<Card> {
  const me = actorOf(context);
  const page = await deps.tickets.listForRequester(tenantOf(context), me.id, cursor);
  return ticketListCard({
    heading: cursor ? 'Your tickets (continued)' : 'Your tickets',
    emptyText: 'You have no tickets. Describe a problem here and I will open one.',
    tickets: page.items,
    cursor: page.cursor,
    moreVerb: MORE_MY_TICKETS,
  });
}

/** `my tickets`: the requester's tickets, newest first, a page at a time. */
export const myTickets: MessageHandler = async (context, deps) => {
  const card = await myTicketsCard(context, deps);
  await sendCard(context, card);
};

/** "More" on the list: the next page, in place of the card that was pressed. */
export const moreMyTickets: ActionHandler = async (context, deps, data) => {
  const cursor = typeof data.cursor === 'string' ? data.cursor : undefined;
  return myTicketsCard(context, deps, cursor);
};
