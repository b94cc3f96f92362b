import { noticeCard } from '../../cards/index.js';
import { isPersonalChat, sendCard, teamOf, tenantOf } from '../context.js';
import type { MessageHandler } from '../deps.js';

/**
 * The bot joined a conversation. Installed into a team, that team becomes the support team and
 * its General channel (whose id is the team's) the triage channel, unless an admin chose one.
 */
export const installed: MessageHandler = async (context, deps) => {
  const botId = context.activity.recipient.id;
  const added = context.activity.membersAdded ?? [];
  if (!added.some((member) => member.id === botId)) return;

  if (isPersonalChat(context)) {
    const text = 'Tell me about an IT problem in your own words, or type "help".';
    await sendCard(context, noticeCard('Hi, I am the IT help desk', text));
    return;
  }

  const { teamId } = teamOf(context);
  if (!teamId) return;
  const tenantId = tenantOf(context);
  const current = await deps.settings.get(tenantId);
  const teamName = (context.activity.channelData as { team?: { name?: string } }).team?.name;
  const settings = await deps.settings.update(tenantId, {
    supportTeamId: teamId,
    supportTeamName: teamName,
    triageChannelId: current.triageChannelId ?? teamId,
    serviceUrl: context.activity.serviceUrl,
  });
  deps.log.info(
    { tenantId, teamId, triageChannelId: settings.triageChannelId },
    'installed in support team',
  );
  const text =
    "New tickets will be posted in this team's triage channel. Members of this team can claim them.";
  await sendCard(context, noticeCard('Help desk is ready', text));
};
