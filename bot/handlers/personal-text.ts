import type { TurnContext } from 'botbuilder';
import { noticeCard } from '../../cards/index.js';
import type { TicketAction, ActionInput } from '../../src/tickets/actions.js';
import type { Ticket } from '../../src/tickets/types.js';
import { actorOf, sendCard, tenantOf } from '../context.js';
import type { BotDeps, MessageHandler } from '../deps.js';
import { requesterTicketCard } from '../views.js';
import { help } from './help.js';
import { report } from './report.js';

const WORKS_NOW =
  /^\s*(it\s+)?(works|is\s+working|'?s\s+working|is\s+fixed|'?s\s+fixed)(\s+now)?\s*[.!]*\s*$|^\s*fixed\s*[.!]*\s*$/i;
const HUMAN =
  /\b(talk|speak|chat)\s+to\s+(a\s+)?(human|person|someone|technician|agent)\b|^\s*(human|agent)\s*[.!?]*\s*$/i;
const REOPEN = /^\s*reopen\s+([A-Z][A-Z0-9]{0,9}-\d+)\s*(.*)$/i;
const STATUS = /^\s*(?:ticket|status)\s+([A-Z][A-Z0-9]{0,9}-\d+)\s*$/i;
/** A greeting or thanks on its own is not a problem report. */
const SMALL_TALK =
  /^\s*(hi|hello|hey|hiya|good\s+(morning|afternoon|evening)|thanks?(\s+you)?|thx|cheers|ok(ay)?)\s*[.!]*\s*$/i;

/**
 * Text in the personal chat. Follow-ups on the requester's own tickets come first ("it works
 * now", a reply to a question, a screenshot, "reopen HD-1042"); anything else is a new report.
 */
export const personalText: MessageHandler = async (context, deps) => {
  const text = (context.activity.text ?? '').trim();
  const tenantId = tenantOf(context);
  const requester = actorOf(context);

  const status = STATUS.exec(text);
  if (status) return showStatus(context, deps, status[1].toUpperCase());
  const reopen = REOPEN.exec(text);
  if (reopen) return act(context, deps, 'reopen', reopen[1].toUpperCase(), { note: reopen[2] });

  const open = await deps.tickets.openTicketsOf(tenantId, requester.id);
  const active = open.filter((t) => t.state !== 'resolved');
  const waiting = active.find((t) => t.state === 'waiting_on_requester');
  const latest = active[0];
  const image = imageUrl(context);

  if (latest && WORKS_NOW.test(text)) return act(context, deps, 'requester-resolve', latest.id, {});
  if (latest && HUMAN.test(text)) return act(context, deps, 'request-human', latest.id, {});
  if (waiting && text) return act(context, deps, 'reply', waiting.id, { note: text });
  if (latest && image)
    return act(context, deps, 'add-info', latest.id, { note: text || undefined, url: image });
  if (!text)
    return sendCard(context, noticeCard('Tell me more', 'Describe the problem in a few words.'));
  if (SMALL_TALK.test(text)) return help(context, deps);
  return report(context, deps);
};

async function act(
  context: TurnContext,
  deps: BotDeps,
  action: TicketAction,
  ticketId: string,
  input: ActionInput,
): Promise<void> {
  const result = await deps.tickets.perform(action, {
    tenantId: tenantOf(context),
    ticketId,
    actor: actorOf(context),
    input,
  });
  deps.notifyOutbox();
  await sendCard(
    context,
    await requesterTicketCard(result.ticket, deps, HEADINGS[action] ?? result.ticket.id),
  );
}

const HEADINGS: Partial<Record<TicketAction, string>> = {
  'requester-resolve': 'Glad it works. Ticket resolved',
  'request-human': 'A technician will contact you',
  reply: 'Your answer was passed on',
  'add-info': 'Added to your ticket',
  reopen: 'Ticket reopened',
};

async function showStatus(context: TurnContext, deps: BotDeps, ticketId: string): Promise<void> {
  const ticket: Ticket = await deps.tickets.get(tenantOf(context), ticketId);
  if (ticket.requester.id !== actorOf(context).id) {
    return sendCard(
      context,
      noticeCard('Not your ticket', `${ticketId} was reported by someone else.`, 'warning'),
    );
  }
  await sendCard(context, await requesterTicketCard(ticket, deps, ticket.id));
}

/** The first image the message carries (Teams sends pasted screenshots as attachments). */
function imageUrl(context: TurnContext): string | undefined {
  const attachments = context.activity.attachments ?? [];
  const image = attachments.find((a) => a.contentType?.startsWith('image/') && a.contentUrl);
  return image?.contentUrl;
}
