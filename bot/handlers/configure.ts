import { CardFactory, TeamsInfo, type TurnContext } from 'botbuilder';
import { settingsCard } from '../../cards/index.js';
import { HelpdeskError, isHelpdeskError } from '../../src/errors.js';
import { actorOf, teamOf, tenantOf } from '../context.js';
import type { BotDeps } from '../deps.js';

/** What a config/fetch or config/submit invoke answers: a dialog to show, or a closing message. */
export type ConfigAnswer =
  | { readonly type: 'continue'; readonly value: Record<string, unknown> }
  | { readonly type: 'message'; readonly value: string };

/**
 * config/fetch: the settings dialog Teams opens from the bot's "Settings" in the support team.
 * Only an admin gets the form; the check is made here, from who the invoke says is acting.
 */
export async function fetchSettings(context: TurnContext, deps: BotDeps): Promise<ConfigAnswer> {
  try {
    const { teamId, channels } = await adminScope(context, deps);
    const settings = await deps.settings.get(tenantOf(context));
    const teamName =
      (context.activity.channelData as { team?: { name?: string } }).team?.name ?? 'this team';
    const card = settingsCard({
      teamName,
      triageChannelId: settings.triageChannelId ?? teamId,
      channels,
    });
    return {
      type: 'continue',
      value: {
        title: 'Help desk settings',
        height: 'medium',
        width: 'medium',
        card: CardFactory.adaptiveCard(card),
      },
    };
  } catch (error) {
    return refusal(error, context, deps);
  }
}

/** config/submit: saves the settings after checking the admin and every value again. */
export async function submitSettings(
  context: TurnContext,
  deps: BotDeps,
  data: Readonly<Record<string, unknown>>,
): Promise<ConfigAnswer> {
  try {
    const { teamId, channels } = await adminScope(context, deps);
    const chosen = channels.find((c) => c.id === data.triageChannelId);
    if (!chosen)
      throw new HelpdeskError(
        'bad_request',
        "Choose one of this team's channels as the triage channel.",
      );
    const tenantId = tenantOf(context);
    await deps.settings.update(tenantId, {
      supportTeamId: teamId,
      triageChannelId: chosen.id,
      serviceUrl: context.activity.serviceUrl,
    });
    deps.log.info(
      { tenantId, teamId, triageChannelId: chosen.id, by: actorOf(context).id },
      'settings changed',
    );
    return { type: 'message', value: `New tickets will be posted in ${chosen.name}.` };
  } catch (error) {
    return refusal(error, context, deps);
  }
}

async function adminScope(context: TurnContext, deps: BotDeps) {
  const { teamId } = teamOf(context);
  if (!teamId)
    throw new HelpdeskError('bad_request', 'Help desk settings are made in the support team.');
  if (!(await deps.tickets.isAdmin(tenantOf(context), actorOf(context)))) {
    throw new HelpdeskError('forbidden', 'Only help desk admins can change these settings.');
  }
  const channels = (await TeamsInfo.getTeamChannels(context, teamId)).map((c) => ({
    id: c.id ?? '',
    // The General channel comes back without a name.
    name: c.name ?? 'General',
  }));
  return { teamId, channels };
}

function refusal(error: unknown, context: TurnContext, deps: BotDeps): ConfigAnswer {
  if (!isHelpdeskError(error)) throw error;
  deps.log.info({ tenantId: tenantOf(context), code: error.code }, 'settings refused');
  return { type: 'message', value: error.message };
}
