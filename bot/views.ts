import { ticketChannelCard, type Card } from '../cards/index.js';
import type { Person, Ticket } from '../src/tickets/types.js';
import type { BotDeps } from './deps.js';

/**
 * The shared channel card: what everybody sees, with `refresh` so each technician's client
 * fetches the view that fits them (see the `ticket.refresh` action).
 */
export function sharedTicketCard(ticket: Ticket, deps: BotDeps, viewer?: Person): Card {
  const ids = new Set<string>(deps.config.technicians.filter((id) => id.includes(':')));
  if (ticket.owner) ids.add(ticket.owner.id);
  if (viewer) ids.add(viewer.id);
  return ticketChannelCard(ticket, { canClaim: !ticket.owner, refreshUserIds: [...ids] });
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
  const technician = await deps.tickets.isTechnician(ticket.tenantId, viewer);
  const card = ticketChannelCard(ticket, {
    canClaim: technician && !ticket.owner,
    refreshUserIds: [],
    notice,
  });
  delete card.refresh;
  return card;
}
