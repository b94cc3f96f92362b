import path from 'node:path';
import { z } from 'zod';
import { HelpdeskError } from '../errors.js';
import type { GraphAuth } from '../notify/graph.js';
import { PRIORITIES, type Priority, type Tier } from '../tickets/types.js';

const list = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

/**
 * Every environment variable the help desk reads. Names of the bot's identity follow the Teams
 * Toolkit templates (BOT_ID, BOT_PASSWORD, BOT_TYPE, BOT_TENANT_ID).
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BOT_ID: optionalText,
  BOT_PASSWORD: optionalText,
  BOT_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  BOT_TENANT_ID: optionalText,
  HELPDESK_STORE: z.enum(['sqlite', 'cosmos']).default('sqlite'),
  HELPDESK_DATA_DIR: z.string().default('./data'),
  HELPDESK_TICKET_PREFIX: z
    .string()
    .regex(/^[A-Z][A-Z0-9]{0,9}$/, 'use 1 to 10 capital letters or digits, starting with a letter')
    .default('HD'),
  HELPDESK_TECHNICIANS: list,
  HELPDESK_TIER_LEADS: list,
  HELPDESK_ADMINS: list,
  HELPDESK_ONCALL_FILE: optionalText,
  HELPDESK_SLA_FILE: optionalText,
  HELPDESK_TIER_TAGS: z
    .string()
    .default('')
    .transform((value, ctx) => parseTierTags(value, ctx)),
  HELPDESK_SLA_MAX_SLEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  HELPDESK_REOPEN_DAYS: z.coerce.number().min(0).max(365).default(7),
  HELPDESK_SUPPORT_TEAM_ID: optionalText,
  HELPDESK_TRIAGE_CHANNEL_ID: optionalText,
  HELPDESK_OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  HELPDESK_OUTBOX_LEASE_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
  HELPDESK_OUTBOX_TIMEOUT_MS: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.coerce.number().int().min(100).max(120_000).optional(),
  ),
  HELPDESK_RATE_LIMITS: z.enum(['teams', 'off']).default('teams'),
  HELPDESK_UPDATE_INTERVALS: z
    .string()
    .default('P1=1h,P2=4h,P3=1d,P4=3d')
    .transform((value, ctx) => parseIntervals(value, ctx)),
  GRAPH_AUTH: z.enum(['auto', 'off', 'client-secret', 'managed-identity']).default('auto'),
  GRAPH_TENANT_ID: optionalText,
  GRAPH_CLIENT_ID: optionalText,
  GRAPH_CLIENT_SECRET: optionalText,
  HELPDESK_GRAPH_BASE_URL: z.string().url().default('https://graph.microsoft.com'),
  COSMOS_ENDPOINT: optionalText,
  COSMOS_KEY: optionalText,
  COSMOS_DATABASE: z.string().default('helpdesk'),
});

/** The names of every environment variable the help desk reads (the docs list each one). */
export const ENV_VARIABLES: readonly string[] = Object.keys(schema.shape);

/** The validated, typed settings the rest of the help desk receives. */
export interface Config {
  readonly port: number;
  readonly logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** Absent in local mode: no Bot Framework authentication, for tests and the playground. */
  readonly bot?: {
    readonly appId: string;
    readonly password?: string;
    readonly type: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    readonly tenantId?: string;
  };
  readonly store: 'sqlite' | 'cosmos';
  readonly dataDir: string;
  readonly sqliteFile: string;
  readonly ticketPrefix: string;
  /** Teams user ids or Entra object ids that count as technicians whatever the roster says. */
  readonly technicians: readonly string[];
  /** Ids of tier leads, who may resolve, release or close tickets they do not own. */
  readonly tierLeads: readonly string[];
  /**
   * Ids of those who may change the help desk's settings. When empty, tier leads may; when
   * there are no tier leads either, any member of the support team may.
   */
  readonly admins: readonly string[];
  /** The on-call schedule (technicians, rotations, standing overrides) as a JSON file. */
  readonly onCallFile?: string;
  /** SLA policies and their selection rules as a JSON file; the documented defaults without. */
  readonly slaFile?: string;
  /** Teams tag ids to @mention with a tier's pages, e.g. the tag of everyone in L2. */
  readonly tierTags: Readonly<Partial<Record<Tier, string>>>;
  /** The longest the SLA scheduler sleeps between passes when nothing is due sooner. */
  readonly slaMaxSleepMs: number;
  /** Days after resolution during which the requester may reopen a ticket. */
  readonly reopenDays: number;
  /** Fixes the support team and triage channel instead of taking them from the install. */
  readonly supportTeamId?: string;
  readonly triageChannelId?: string;
  readonly outboxPollMs: number;
  /** How long a worker holds leased notifications before another may take them. */
  readonly outboxLeaseMs: number;
  /** An attempt with no answer by then is abandoned and retried; default a third of the lease. */
  readonly outboxTimeoutMs?: number;
  /** `teams` keeps within Teams' rate limits; `off` is for benchmarks only. */
  readonly rateLimits: 'teams' | 'off';
  /** How often a requester hears about a ticket still open, per priority (ms). */
  readonly updateIntervalsMs: Readonly<Record<Priority, number>>;
  /** Microsoft Graph for the activity feed; absent in local mode (bot messages instead). */
  readonly graph?: { readonly auth: GraphAuth; readonly baseUrl: string };
  readonly cosmos?: { readonly endpoint: string; readonly key?: string; readonly database: string };
}

/**
 * Reads and validates the environment once, at start-up. A bad value stops start-up with a
 * message that names the variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new HelpdeskError('invalid_config', `Invalid configuration. ${problems.join('; ')}.`);
  }
  const e = parsed.data;
  if (e.HELPDESK_STORE === 'cosmos' && !e.COSMOS_ENDPOINT) {
    throw new HelpdeskError(
      'invalid_config',
      'Invalid configuration. COSMOS_ENDPOINT: required when HELPDESK_STORE is cosmos.',
    );
  }
  if (e.BOT_ID && e.BOT_TYPE !== 'UserAssignedMSI' && !e.BOT_PASSWORD) {
    throw new HelpdeskError(
      'invalid_config',
      `Invalid configuration. BOT_PASSWORD: required when BOT_ID is set and BOT_TYPE is ${e.BOT_TYPE}.`,
    );
  }
  const dataDir = path.resolve(e.HELPDESK_DATA_DIR);
  return {
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    bot: e.BOT_ID
      ? { appId: e.BOT_ID, password: e.BOT_PASSWORD, type: e.BOT_TYPE, tenantId: e.BOT_TENANT_ID }
      : undefined,
    store: e.HELPDESK_STORE,
    dataDir,
    sqliteFile: path.join(dataDir, 'helpdesk.db'),
    ticketPrefix: e.HELPDESK_TICKET_PREFIX,
    technicians: e.HELPDESK_TECHNICIANS,
    tierLeads: e.HELPDESK_TIER_LEADS,
    admins: e.HELPDESK_ADMINS,
    onCallFile: e.HELPDESK_ONCALL_FILE,
    slaFile: e.HELPDESK_SLA_FILE,
    tierTags: e.HELPDESK_TIER_TAGS,
    slaMaxSleepMs: e.HELPDESK_SLA_MAX_SLEEP_MS,
    reopenDays: e.HELPDESK_REOPEN_DAYS,
    supportTeamId: e.HELPDESK_SUPPORT_TEAM_ID,
    triageChannelId: e.HELPDESK_TRIAGE_CHANNEL_ID,
    outboxPollMs: e.HELPDESK_OUTBOX_POLL_MS,
    outboxLeaseMs: e.HELPDESK_OUTBOX_LEASE_MS,
    outboxTimeoutMs: e.HELPDESK_OUTBOX_TIMEOUT_MS,
    rateLimits: e.HELPDESK_RATE_LIMITS,
    updateIntervalsMs: e.HELPDESK_UPDATE_INTERVALS,
    graph: graphSettings(e),
    cosmos: e.COSMOS_ENDPOINT
      ? { endpoint: e.COSMOS_ENDPOINT, key: e.COSMOS_KEY, database: e.COSMOS_DATABASE }
      : undefined,
  };
}

/**
 * Graph signs in as the bot's app registration unless GRAPH_* names another: with its secret,
 * or with the managed identity when the bot runs as one (BOT_TYPE=UserAssignedMSI).
 */
function graphSettings(e: z.infer<typeof schema>): Config['graph'] {
  const clientId = e.GRAPH_CLIENT_ID ?? e.BOT_ID;
  const secret = e.GRAPH_CLIENT_SECRET ?? e.BOT_PASSWORD;
  const tenantId = e.GRAPH_TENANT_ID ?? e.BOT_TENANT_ID;
  let mode = e.GRAPH_AUTH;
  if (mode === 'auto') {
    if (e.BOT_TYPE === 'UserAssignedMSI' && clientId) mode = 'managed-identity';
    else if (clientId && secret && tenantId) mode = 'client-secret';
    else mode = 'off';
  }
  const baseUrl = e.HELPDESK_GRAPH_BASE_URL;
  if (mode === 'off') return undefined;
  if (mode === 'managed-identity') return { auth: { kind: 'managed-identity', clientId }, baseUrl };
  if (!clientId || !secret || !tenantId) {
    throw new HelpdeskError(
      'invalid_config',
      'Invalid configuration. GRAPH_AUTH: client-secret needs GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET and GRAPH_TENANT_ID (or BOT_ID, BOT_PASSWORD and BOT_TENANT_ID).',
    );
  }
  return { auth: { kind: 'client-secret', tenantId, clientId, secret }, baseUrl };
}

const UNITS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `P1=1h,P2=4h,P3=1d,P4=3d`: every priority needs an interval in minutes, hours or days. */
/** Reads `L1=tagId,L2=tagId`; tiers left out get no tag mention. */
function parseTierTags(value: string, ctx: z.RefinementCtx): Partial<Record<Tier, string>> {
  const tags: Partial<Record<Tier, string>> = {};
  for (const part of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^(L[1-3])=(\S+)$/.exec(part);
    if (!match) {
      ctx.addIssue({ code: 'custom', message: `'${part}' is not like L2=<tag id>` });
      return z.NEVER;
    }
    tags[match[1] as Tier] = match[2];
  }
  return tags;
}

function parseIntervals(value: string, ctx: z.RefinementCtx): Record<Priority, number> {
  const intervals: Partial<Record<Priority, number>> = {};
  for (const part of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^(P[1-4])=(\d+)([mhd])$/.exec(part);
    if (!match) {
      ctx.addIssue({ code: 'custom', message: `'${part}' is not like P1=1h (units m, h, d)` });
      return z.NEVER;
    }
    intervals[match[1] as Priority] = Number(match[2]) * UNITS[match[3]];
  }
  const missing = PRIORITIES.filter((p) => intervals[p] === undefined);
  if (missing.length > 0) {
    ctx.addIssue({ code: 'custom', message: `missing an interval for ${missing.join(', ')}` });
    return z.NEVER;
  }
  return intervals as Record<Priority, number>;
}
