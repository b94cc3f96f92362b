import type { AddressInfo } from 'node:net';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { createBotApp } from '../bot/app.js';
import { RosterAccessPolicy } from '../bot/access.js';
import { teamsDeliver } from '../bot/delivery.js';
import type { BotDeps } from '../bot/deps.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config/index.js';
import { SettingsRepository } from './config/settings.js';
import { createLogger, type Logger } from './log.js';
import type { TokenCredential } from '@azure/identity';
import { createActivityFeed, createGroupDirectory } from './notify/graph.js';
import { ConversationHealth } from './notify/health.js';
import { NO_LIMITS, TEAMS_LIMITS } from './notify/limits.js';
import { NotificationPreferences } from './notify/preferences.js';
import { OutboxWorker } from './notify/worker.js';
import { createServer } from './server.js';
import { loadSchedule, loadSlaSettings, OnCallDirectory } from './sla/directory.js';
import { SlaScheduler } from './sla/scheduler.js';
import { SlaTracker } from './sla/tracker.js';
import { openStore } from './store/index.js';
import type { Store } from './store/contract.js';
import { TicketService } from './tickets/service.js';
import { createTriage } from './tickets/triage-adapter.js';

export interface Helpdesk {
  readonly url: string;
  readonly store: Store;
  readonly outbox: OutboxWorker;
  readonly scheduler: SlaScheduler;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly clock?: Clock;
  readonly log?: Logger;
  readonly store?: Store;
  /** Replaces the Graph credential built from configuration (tests use a fake one). */
  readonly graphCredential?: TokenCredential;
}

/**
 * The composition root: the only place that knows both the domain (src/) and Teams (bot/).
 * Starts the HTTP server and the outbox worker; `close` stops both and the store.
 */
export async function startHelpdesk(config: Config, options: StartOptions = {}): Promise<Helpdesk> {
  const log = options.log ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const store = options.store ?? (await openStore(config));

  const adapter = new TeamsAdapter({
    MicrosoftAppId: config.bot?.appId,
    MicrosoftAppPassword: config.bot?.password,
    MicrosoftAppType: config.bot?.type,
    MicrosoftAppTenantId: config.bot?.tenantId,
  } as ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0]);

  const settings = new SettingsRepository(store, {
    supportTeamId: config.supportTeamId,
    triageChannelId: config.triageChannelId,
  });
  const access = new RosterAccessPolicy(
    adapter,
    settings,
    config,
    log.child({ component: 'access' }),
  );
  const triage = createTriage(store);
  const sla = new SlaTracker({
    settings: loadSlaSettings(config.slaFile),
    updateIntervalsMs: config.updateIntervalsMs,
  });
  const onCall = new OnCallDirectory(
    store,
    loadSchedule(config.onCallFile),
    config.tierLeads,
    clock,
    config.tierTags,
  );
  const tickets = new TicketService(
    store,
    triage,
    access,
    clock,
    log.child({ component: 'tickets' }),
    {
      categories: triage.categories,
      reopenWindowMs: config.reopenDays * 24 * 60 * 60 * 1000,
      groups: config.graph && createGroupDirectory(config.graph, log, options.graphCredential),
      tierContacts: async (tenantId, tier) => {
        const onCallNow = (await onCall.responders(tenantId)).onCall(tier);
        return onCallNow ? [onCallNow] : [];
      },
    },
    sla,
  );

  const preferences = new NotificationPreferences(store);
  const health = new ConversationHealth(store);
  // The workers need the deps and the deps need to kick the workers: tie the knot once.
  const worker: { current?: OutboxWorker; scheduler?: SlaScheduler } = {};
  const deps: BotDeps = {
    tickets,
    settings,
    store,
    config,
    log: log.child({ component: 'bot' }),
    categories: triage.categories,
    notifyOutbox: () => {
      worker.current?.kick();
      worker.scheduler?.kick();
    },
    onCall,
    preferences,
    health,
  };
  const feed = config.graph && createActivityFeed(config.graph, options.graphCredential);
  if (!feed) {
    log.warn('Graph is not configured: activity feed notifications go as bot messages instead');
  }
  const outbox = new OutboxWorker(
    store,
    teamsDeliver(adapter, deps, {
      feed,
      preferences,
      health,
    }),
    clock,
    log.child({ component: 'outbox' }),
    {
      pollMs: config.outboxPollMs,
      leaseMs: config.outboxLeaseMs,
      attemptTimeoutMs: config.outboxTimeoutMs,
      limits: config.rateLimits === 'off' ? NO_LIMITS : TEAMS_LIMITS,
    },
  );

  worker.current = outbox;
  const scheduler = new SlaScheduler(
    store,
    sla,
    (tenantId) => onCall.responders(tenantId),
    clock,
    log.child({ component: 'sla' }),
    { maxSleepMs: config.slaMaxSleepMs, onNotified: () => outbox.kick() },
  );
  worker.scheduler = scheduler;

  const bot = createBotApp(adapter, deps);
  const server = createServer({
    log,
    messages: (req, res) =>
      adapter.process(req, res, (context) => bot.run(context).then(() => undefined)),
    health: async () => ({ store: store.kind, mode: config.bot ? 'authenticated' : 'local' }),
  });
  await new Promise<void>((resolve) => server.listen(config.port, '0.0.0.0', resolve));
  outbox.start();
  scheduler.start();

  const { port } = server.address() as AddressInfo;
  log.info(
    { port, store: store.kind, mode: config.bot ? 'authenticated' : 'local' },
    'help desk started',
  );
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    outbox,
    scheduler,
    async close() {
      await scheduler.stop();
      await outbox.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
