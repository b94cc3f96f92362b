import { noticeCard } from '../../cards/index.js';
import { HelpdeskError } from '../../src/errors.js';
import { actorOf, sendCard, tenantOf } from '../context.js';
import type { MessageHandler } from '../deps.js';

/**
 * `unreachable` (admins): the chats the bot was removed from or blocked in, so an admin can see
 * who is now told through the activity feed instead, and why.
 */
export const unreachableCommand: MessageHandler = async (context, deps) => {
  const tenantId = tenantOf(context);
  if (!(await deps.tickets.isAdmin(tenantId, actorOf(context)))) {
    throw new HelpdeskError('forbidden', 'Only help desk admins can see unreachable chats.');
  }
  const marks = await deps.health.list(tenantId);
  const lines = marks.map(
    ({ target, mark }) => `${target}: ${mark.code} since ${mark.at.slice(0, 16)} UTC`,
  );
  const text = lines.length > 0 ? lines.join('\n\n') : 'Every chat the bot knows can be reached.';
  const card = noticeCard('Chats the bot cannot reach', text);
  await sendCard(context, card);
};
