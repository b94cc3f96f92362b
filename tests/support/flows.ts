import { revisionOf } from '../../src/tickets/types.js';
import { waitFor } from './connector.js';
import type { Running } from './harness.js';
import { TENANT, cardText, invokeCard, post, type User } from './teams.js';

/** Reports a problem as `requester`, confirms it, and waits until its card is in the channel. */
export async function openTicket(
  hd: Running,
  requester: User,
  text: string,
): Promise<{ ticketId: string; cardId: string }> {
  const intakeKey = `report-${Math.random().toString(36).slice(2)}`;
  const card = invokeCard(
    await post(
      hd.helpdesk.url,
      hd.teams.action('personal', requester, 'ticket.create', { intakeKey, text }),
    ),
  );
  const ticketId = /\b[A-Z]+-\d+\b/.exec(cardText(card))![0];
  const location = await waitFor('the ticket card in the channel', () =>
    cardLocation(hd, ticketId),
  );
  return { ticketId, cardId: location.activityId };
}

async function cardLocation(hd: Running, ticketId: string) {
  const item = await hd.helpdesk.store.getItem<{ activityId: string }>(
    'ticket-card',
    `${TENANT}/${ticketId}`,
  );
  return item?.value;
}

/** Presses a ticket button on the channel card as `who`, sending the version the card showed. */
export async function press(
  hd: Running,
  who: User,
  verb: string,
  ticketId: string,
  extra: Record<string, unknown> = {},
  where: 'channel' | 'personal' = 'channel',
) {
  const ticket = await hd.helpdesk.store.getTicket(TENANT, ticketId);
  const data = { ticketId, version: ticket && revisionOf(ticket), ...extra };
  return post(hd.helpdesk.url, hd.teams.action(where, who, verb, data));
}
