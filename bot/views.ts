import {
  ticketChannelCard,
  ticketStatusCard,
  type Capabilities,
  type Card,
} from '../cards/index.js';
import { describeEvent } from '../src/tickets/history.js';
import { isOpen, nextState } from '../src/tickets/lifecycle.js';
import type { Person, Ticket } from '../src/tickets/types.js';
import type { BotDeps } from './deps.js';

const LATEST = 3;
const SUGGESTIONS = 3;

/** Routing: who of the ticket's tier is working now, the on-call technician first. */
async function suggestedAssignees(ticket: Ticket, deps: BotDeps): Promise<string[]> {
  if (ticket.owner) return [];
  const onCall = await deps.onCall.onCall(ticket.tenantId);
  return onCall
    .preferredAssignees(ticket.tier, new Date())
    .filter((a) => a.working || a.onCall)
    .slice(0, SUGGESTIONS)
    .map((a) => (a.onCall ? `${a.technician.name} (on call)` : a.technician.name));
}

async function latestLines(ticket: Ticket, deps: BotDeps): Promise<string[]> {
  const events = await deps.tickets.history(ticket.tenantId, ticket.id);
  return events.slice(-LATEST).reverse().map(describeEvent);
}

/** The buttons a technician gets on a channel card, from the life cycle and ownership. */
async function technicianCapabilities(
  ticket: Ticket,
  deps: BotDeps,
  viewer: Person,
): Promise<Capabilities> {
  if (!(await deps.tickets.isTechnician(ticket.tenantId, viewer))) return {};
  const mayFinish =
    ticket.owner?.id === viewer.id || (await deps.tickets.isLead(ticket.tenantId, viewer));
  const open = isOpen(ticket.state);
  return {
    resolve: mayFinish && nextState(ticket.state, 'resolve') !== undefined,
    ask: ticket.owner?.id === viewer.id && nextState(ticket.state, 'ask') !== undefined,
    escalate: open && ticket.tier !== 'L3',
    assign: nextState(ticket.state, 'assign') !== undefined,
    setPriority: open,
    setCategory: open,
    release: mayFinish && nextState(ticket.state, 'release') !== undefined,
    close: mayFinish && nextState(ticket.state, 'close') !== undefined,
    more: true,
  };
}

/**
 * The shared channel card: what everybody sees, with `refresh` so each technician's client
 * fetches the view that fits them (see the `ticket.refresh` action).
 */
export async function sharedTicketCard(
  ticket: Ticket,
  deps: BotDeps,
  viewer?: Person,
): Promise<Card> {
  const ids = new Set<string>(deps.config.technicians.filter((id) => id.includes(':')));
  if (ticket.owner) ids.add(ticket.owner.id);
  if (viewer) ids.add(viewer.id);
  return ticketChannelCard(ticket, {
    canClaim: !ticket.owner,
    refreshUserIds: [...ids],
    can: {},
    latest: await latestLines(ticket, deps),
    categories: deps.categories,
    suggested: await suggestedAssignees(ticket, deps),
  });
}

/**
 * One viewer's card. It carries no `refresh`, so the invoke answer replaces the card for that
 * viewer only: a refusal or a notice is never shown to the whole channel.
 */
export async function personalTicketCard(
  ticket: Ticket,
  deps: BotDeps,
  viewer: Person,
  notice?: string,
): Promise<Card> {
  const can = await technicianCapabilities(ticket, deps, viewer);
  const card = ticketChannelCard(ticket, {
    canClaim: can.more === true && !ticket.owner,
    refreshUserIds: [],
    can,
    notice,
    latest: await latestLines(ticket, deps),
    categories: deps.categories,
    viewerChoice: { title: `Me (${viewer.name})`, value: viewer.aadObjectId ?? viewer.id },
  });
  delete card.refresh;
  return card;
}

/** The requester's card for one of their tickets, with what they may do next. */
export async function requesterTicketCard(
  ticket: Ticket,
  deps: BotDeps,
  heading: string,
): Promise<Card> {
  const open = isOpen(ticket.state);
  return ticketStatusCard(ticket, heading, {
    can: { addInfo: open, reopen: ticket.state === 'resolved' },
    latest: await latestLines(ticket, deps),
  });
}
