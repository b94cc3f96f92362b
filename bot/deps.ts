import type { TurnContext } from 'botbuilder';
import type { Card } from '../cards/index.js';
import type { Config } from '../src/config/index.js';
import type { SettingsRepository } from '../src/config/settings.js';
import type { Logger } from '../src/log.js';
import type { ConversationHealth } from '../src/notify/health.js';
import type { NotificationPreferences } from '../src/notify/preferences.js';
import type { OnCallDirectory } from '../src/sla/directory.js';
import type { Store } from '../src/store/contract.js';
import type { TicketService } from '../src/tickets/service.js';

/** What every handler may use; built once in the composition root. */
export interface BotDeps {
  readonly tickets: TicketService;
  readonly settings: SettingsRepository;
  readonly store: Store;
  readonly config: Config;
  readonly log: Logger;
  readonly categories: readonly string[];
  /** Tells the outbox worker that a change wrote notifications. */
  readonly notifyOutbox: () => void;
  readonly onCall: OnCallDirectory;
  readonly preferences: NotificationPreferences;
  readonly health: ConversationHealth;
}

/** Handles a chat message or command. */
export type MessageHandler = (context: TurnContext, deps: BotDeps) => Promise<void>;

/** Handles an `Action.Execute`; the card or text it returns answers the invoke. */
export type ActionHandler = (
  context: TurnContext,
  deps: BotDeps,
  data: Readonly<Record<string, unknown>>,
) => Promise<Card | string>;
