import { helpCard } from '../../cards/index.js';
import { isPersonalChat, sendCard } from '../context.js';
import type { MessageHandler } from '../deps.js';

const PERSONAL_COMMANDS = [
  { name: 'Describe a problem', description: 'Type it in your own words to open a ticket.' },
  { name: 'my tickets', description: 'Your tickets and where they stand.' },
  { name: 'notifications', description: 'What I tell you, and mute or unmute each kind.' },
  { name: 'help', description: 'This message.' },
];

const CHANNEL_COMMANDS = [
  { name: 'Claim', description: 'Press Claim on a ticket card to take it.' },
  {
    name: 'unassigned, my queue, queue L2',
    description: 'Queues, most urgent first; add "newest".',
  },
  { name: 'oncall', description: 'Who is on call per tier; admins: oncall override L2 @Name 8h.' },
  { name: 'notifications', description: 'What I tell you, and mute or unmute each kind.' },
  { name: 'unreachable', description: 'Admins: chats the bot was removed from or blocked in.' },
  { name: 'help', description: 'This message.' },
];

/** `help`: what the bot can do where it was asked. */
export const help: MessageHandler = async (context) => {
  const commands = isPersonalChat(context) ? PERSONAL_COMMANDS : CHANNEL_COMMANDS;
  await sendCard(context, helpCard(commands));
};
