import { ActivityTypes, TurnContext } from 'botbuilder';
import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import { noticeCard, type Card } from '../cards/index.js';
import { isHelpdeskError } from '../src/errors.js';
import { conversationKey } from '../src/store/contract.js';
import { isPersonalChat, sendCard, tenantOf } from './context.js';
import type { ActionHandler, BotDeps, MessageHandler } from './deps.js';
import { fetchSettings, submitSettings } from './handlers/configure.js';
import { installed } from './handlers/installed.js';
import { personalText } from './handlers/personal-text.js';
import { help } from './handlers/help.js';
import { ACTIONS, COMMANDS } from './routes.js';
import { StoreBackedStorage } from './storage.js';

/** What teams-ai expects back from an Action.Execute handler (its own card type). */
type ExecuteResult = ReturnType<
  Parameters<Application<TurnState>['adaptiveCards']['actionExecute']>[1]
>;

/** What teams-ai expects back from a config/fetch or config/submit handler. */
type ConfigResult = ReturnType<Parameters<Application<TurnState>['taskModules']['configFetch']>[0]>;

/** Builds the teams-ai application: every command and card action from the route tables. */
export function createBotApp(adapter: TeamsAdapter, deps: BotDeps): Application<TurnState> {
  const app = new Application<TurnState>({
    adapter,
    botAppId: deps.config.bot?.appId ?? '',
    storage: new StoreBackedStorage(deps.store),
    removeRecipientMention: true,
    startTypingTimer: false,
  });

  app.turn('beforeTurn', (context) => beforeTurn(context, deps));
  app.conversationUpdate('membersAdded', (context) => guarded(installed, context, deps));
  for (const command of COMMANDS) {
    app.message(command.pattern, (context) => guarded(command.handler, context, deps));
  }
  app.activity(ActivityTypes.Message, (context) =>
    guarded(isPersonalChat(context) ? personalText : help, context, deps),
  );
  for (const [verb, handler] of Object.entries(ACTIONS)) {
    app.adaptiveCards.actionExecute(
      verb,
      (context, _state, data) => guardedAction(handler, context, deps, data ?? {}) as ExecuteResult,
    );
  }
  // teams-ai sends the handler's result as the `config` of the invoke answer unchanged; Teams
  // expects `{ type, value }` there, which teams-ai's declared type does not describe.
  app.taskModules.configFetch((context) => fetchSettings(context, deps) as unknown as ConfigResult);
  app.taskModules.configSubmit(
    (context, _state, data) => submitSettings(context, deps, data ?? {}) as unknown as ConfigResult,
  );
  app.error(async (context, error) => {
    deps.log.error(
      { err: error, code: 'internal', activityId: context.activity.id },
      'turn failed',
    );
  });
  return app;
}

/**
 * Before any handler: drop a redelivered message (Teams resends when the bot is slow) and keep
 * the conversation reference that proactive messages need.
 */
async function beforeTurn(context: TurnContext, deps: BotDeps): Promise<boolean> {
  const activity = context.activity;
  const tenantId = tenantOf(context);
  if (activity.type === ActivityTypes.Message && activity.id) {
    const key = `${tenantId}/${activity.conversation.id}/${activity.id}`;
    const first = await deps.store.putItemIfAbsent('activity', key, {
      at: new Date().toISOString(),
    });
    if (!first) {
      deps.log.info({ tenantId, activityId: activity.id }, 'redelivered activity ignored');
      return false;
    }
  }
  if (isPersonalChat(context) && activity.from?.id) {
    const reference = TurnContext.getConversationReference(activity);
    await deps.store.putItem('conversation', conversationKey('user', activity.from.id), reference);
  }
  return true;
}

async function guarded(
  handler: MessageHandler,
  context: TurnContext,
  deps: BotDeps,
): Promise<void> {
  try {
    await handler(context, deps);
  } catch (error) {
    const card = failureCard(error, context, deps);
    await sendCard(context, card);
  }
}

async function guardedAction(
  handler: ActionHandler,
  context: TurnContext,
  deps: BotDeps,
  data: Readonly<Record<string, unknown>>,
): Promise<Card | string> {
  try {
    return await handler(context, deps, data);
  } catch (error) {
    return failureCard(error, context, deps);
  }
}

/** What a person sees when something fails: a sentence they can act on, never a stack trace. */
function failureCard(error: unknown, context: TurnContext, deps: BotDeps): Card {
  const fields = { activityId: context.activity.id, tenantId: tenantOf(context) };
  if (isHelpdeskError(error) && error.code !== 'store_unavailable') {
    deps.log.info({ ...fields, code: error.code, reason: error.message }, 'request refused');
    return noticeCard('That did not work', error.message, 'warning', error.code);
  }
  deps.log.error({ ...fields, code: 'internal', err: error }, 'request failed');
  const text =
    'Something went wrong on our side and nothing was changed. Please try again in a minute.';
  return noticeCard(
    'Sorry, something went wrong',
    text,
    'error',
    context.activity.id ?? 'internal',
  );
}
