import { noticeCard } from '../../cards/index.js';
import type { ActionHandler } from '../deps.js';

/** `ticket.discard`: the employee did not want a ticket after all; nothing was stored. */
export const discardProposal: ActionHandler = async () =>
  noticeCard('No ticket created', 'Nothing was recorded. Describe the problem again any time.');
