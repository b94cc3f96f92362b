import { randomUUID } from 'node:crypto';
import { proposalCard } from '../../cards/index.js';
import { sendCard, tenantOf } from '../context.js';
import type { MessageHandler } from '../deps.js';

/**
 * Free text in the personal chat is a problem report: triage it and show the proposal. Nothing
 * is stored until the employee presses Create, so a stray message costs nothing.
 */
export const report: MessageHandler = async (context, deps) => {
  const text = context.activity.text ?? '';
  const proposal = await deps.tickets.propose(tenantOf(context), text);
  const card = proposalCard({
    ...proposal,
    intakeKey: context.activity.id ?? randomUUID(),
    text: text.trim(),
    categories: deps.categories,
  });
  await sendCard(context, card);
};
