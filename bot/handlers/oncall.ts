import type { TurnContext } from 'botbuilder';
import { noticeCard } from '../../cards/index.js';
import { HelpdeskError } from '../../src/errors.js';
import { TIERS, type Tier } from '../../src/tickets/types.js';
import { actorOf, sendCard, tenantOf } from '../context.js';
import type { BotDeps, MessageHandler } from '../deps.js';

const OVERRIDE = /^\s*oncall\s+override\s+(l[123])\s+.*?(\d{1,3})\s*h(?:ours?)?\s*$/i;
const MAX_HOURS = 168;

/**
 * `oncall` shows who is on call for each tier right now; `oncall override L2 @Someone 8h` puts
 * someone on call for a while (admins only; the person comes from the @mention, not the text).
 */
export const onCallCommand: MessageHandler = async (context, deps) => {
  const tenantId = tenantOf(context);
  const actor = actorOf(context);
  if (!(await deps.tickets.isTechnician(tenantId, actor))) {
    throw new HelpdeskError('forbidden', 'The on-call rota is for members of the support team.');
  }
  const override = OVERRIDE.exec(context.activity.text ?? '');
  if (override)
    return setOverride(context, deps, override[1].toUpperCase() as Tier, Number(override[2]));
  if (/override/i.test(context.activity.text ?? '')) {
    throw new HelpdeskError('bad_request', 'Write it as: oncall override L2 @Name 8h');
  }
  await showOnCall(context, deps);
};

async function showOnCall(context: TurnContext, deps: BotDeps): Promise<void> {
  const onCall = await deps.onCall.onCall(tenantOf(context));
  const lines = onCall
    .onCallByTier(new Date())
    .map((answer) =>
      answer.kind === 'technician'
        ? `${answer.tier}: ${answer.technician.name} until ${utc(answer.until)} (${answer.reason})`
        : `${answer.tier}: nobody (${answer.reason})`,
    );
  await sendCard(context, noticeCard('On call now', lines.join('\n\n')));
}

async function setOverride(context: TurnContext, deps: BotDeps, tier: Tier, hours: number) {
  const tenantId = tenantOf(context);
  if (!(await deps.tickets.isAdmin(tenantId, actorOf(context)))) {
    throw new HelpdeskError('forbidden', 'Only help desk admins can change the on-call rota.');
  }
  if (!TIERS.includes(tier) || hours < 1 || hours > MAX_HOURS) {
    throw new HelpdeskError('bad_request', `Choose a tier L1 to L3 and 1 to ${MAX_HOURS} hours.`);
  }
  const person = mentioned(context);
  const from = new Date();
  const to = new Date(from.getTime() + hours * 3_600_000);
  await deps.onCall.addOverride(tenantId, {
    kind: 'swap',
    tier,
    technicianId: person.id,
    from: from.toISOString(),
    to: to.toISOString(),
    note: `set by ${actorOf(context).name}`,
  });
  deps.log.info({ tenantId, tier, technicianId: person.id, hours }, 'on-call override set');
  const text = `${person.name} is on call for ${tier} until ${utc(to)}.`;
  await sendCard(context, noticeCard('On-call override saved', text));
}

/** The one person @mentioned besides the bot. */
function mentioned(context: TurnContext): { id: string; name: string } {
  const botId = context.activity.recipient.id;
  const people = (context.activity.entities ?? [])
    .filter((e) => e.type === 'mention')
    .map((e) => (e as { mentioned?: { id: string; name?: string } }).mentioned)
    .filter((m): m is { id: string; name?: string } => !!m && m.id !== botId);
  if (people.length !== 1)
    throw new HelpdeskError('bad_request', '@mention exactly one technician.');
  return { id: people[0].id, name: people[0].name ?? people[0].id };
}

function utc(instant: Date): string {
  return `${instant.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
