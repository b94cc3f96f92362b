import { HelpdeskError } from '../errors.js';
import { PRIORITIES, type Priority } from '../tickets/types.js';
import { ALWAYS_NAME, findCalendar, validateCalendar, type Calendars } from './calendar.js';

/** How long a clock may run before it is breached, and in whose time. */
export interface SlaTarget {
  /** Minutes of working time of `calendar` (wall-clock minutes when it is `24/7`). */
  readonly minutes: number;
  /** A calendar name, or `24/7` for around the clock. */
  readonly calendar: string;
}

export interface PriorityTargets {
  readonly response: SlaTarget;
  readonly resolution: SlaTarget;
}

/** A service level: targets per priority and how the clocks read a ticket's events. */
export interface SlaPolicy {
  readonly name: string;
  readonly targets: Readonly<Record<Priority, PriorityTargets>>;
  /** Whether a technician claiming the ticket counts as the first response (default false). */
  readonly claimCountsAsResponse?: boolean;
}

/**
 * When a rule applies. Every field given must match (AND); a field matches when the ticket has
 * any of its values (OR). A condition with no fields matches every ticket.
 */
export interface SlaCondition {
  readonly priorities?: readonly Priority[];
  readonly categories?: readonly string[];
  readonly requesterGroups?: readonly string[];
}

export interface SlaRule {
  readonly when: SlaCondition;
  /** The name of the policy to apply. */
  readonly policy: string;
}

/** The admin's service-level settings: policies, rules tried in order, and the fallback. */
export interface SlaSettings {
  readonly policies: readonly SlaPolicy[];
  readonly rules: readonly SlaRule[];
  readonly defaultPolicy: string;
}

/** What policy selection looks at. */
export interface PolicySubject {
  readonly priority: Priority;
  readonly category: string;
  /** The requester's groups (Entra ID group ids or names, as the rules spell them). */
  readonly requesterGroups: readonly string[];
}

/** A business day in the default targets: the 8 hours of the default 09:00–17:00 calendars. */
export const BUSINESS_DAY_MINUTES = 8 * 60;

/**
 * The issue's defaults: P1 15 min / 4 h and P2 30 min / 8 h around the clock; P3 4 business hours
 * / 3 business days; P4 1 business day / 5 business days, in `calendar`'s working time.
 */
export function defaultSlaPolicy(calendar = 'au-melbourne', name = 'standard'): SlaPolicy {
  const around = (minutes: number): SlaTarget => ({ minutes, calendar: ALWAYS_NAME });
  const business = (minutes: number): SlaTarget => ({ minutes, calendar });
  return {
    name,
    targets: {
      P1: { response: around(15), resolution: around(4 * 60) },
      P2: { response: around(30), resolution: around(8 * 60) },
      P3: { response: business(4 * 60), resolution: business(3 * BUSINESS_DAY_MINUTES) },
      P4: {
        response: business(BUSINESS_DAY_MINUTES),
        resolution: business(5 * BUSINESS_DAY_MINUTES),
      },
    },
  };
}

/** One policy for every ticket, measured in Melbourne business hours where not 24/7. */
export const DEFAULT_SLA_SETTINGS: SlaSettings = {
  policies: [defaultSlaPolicy()],
  rules: [],
  defaultPolicy: 'standard',
};

/** The policy of the first rule that matches `subject`, or the default policy. */
export function selectPolicy(settings: SlaSettings, subject: PolicySubject): SlaPolicy {
  const index = settings.rules.findIndex((candidate) => matches(candidate.when, subject));
  if (index < 0) {
    return requirePolicy(settings, settings.defaultPolicy, 'The default SLA policy setting');
  }
  return requirePolicy(settings, settings.rules[index].policy, `SLA rule ${index + 1}`);
}

function matches(when: SlaCondition, subject: PolicySubject): boolean {
  if (when.priorities && !when.priorities.includes(subject.priority)) return false;
  if (when.categories && !when.categories.includes(subject.category)) return false;
  const groups = when.requesterGroups;
  if (groups && !groups.some((group) => subject.requesterGroups.includes(group))) return false;
  return true;
}

function requirePolicy(settings: SlaSettings, name: string, where: string): SlaPolicy {
  const policy = settings.policies.find((candidate) => candidate.name === name);
  if (!policy) {
    throw new HelpdeskError(
      'invalid_config',
      `${where} refers to the SLA policy "${name}", which does not exist; the policies are ` +
        `${settings.policies.map((p) => `"${p.name}"`).join(', ') || 'none'}.`,
    );
  }
  return policy;
}

/**
 * Checks settings against the calendars they use and returns them; throws `invalid_config` with
 * a sentence naming the policy, rule or field at fault.
 */
export function validateSlaSettings(settings: SlaSettings, calendars: Calendars): SlaSettings {
  const names = new Set<string>();
  for (const policy of settings.policies) {
    validatePolicy(policy, calendars);
    if (names.has(policy.name)) {
      throw invalid(`There are two SLA policies called "${policy.name}"; rename one.`);
    }
    names.add(policy.name);
  }
  settings.rules.forEach((rule, index) => validateRule(settings, rule, index + 1));
  requirePolicy(settings, settings.defaultPolicy, 'The default SLA policy setting');
  return settings;
}

/** Checks one policy: a name, four priorities, positive targets, known calendars. */
export function validatePolicy(policy: SlaPolicy, calendars: Calendars): SlaPolicy {
  if (typeof policy.name !== 'string' || policy.name.trim() === '') {
    throw invalid('Every SLA policy needs a non-empty name.');
  }
  for (const priority of PRIORITIES) {
    const targets = policy.targets?.[priority];
    if (!targets) {
      throw invalid(`The SLA policy "${policy.name}" has no targets for ${priority}; add them.`);
    }
    for (const clock of ['response', 'resolution'] as const) {
      const where = `The ${clock} target for ${priority} in the SLA policy "${policy.name}"`;
      const target = targets[clock];
      if (!target || !Number.isFinite(target.minutes) || target.minutes <= 0) {
        throw invalid(`${where} must be a number of minutes greater than zero.`);
      }
      validateCalendar(findCalendar(calendars, target.calendar, where));
    }
  }
  return policy;
}

function validateRule(settings: SlaSettings, rule: SlaRule, position: number): void {
  const where = `SLA rule ${position}`;
  const lists: [string, readonly string[] | undefined][] = [
    ['priorities', rule.when.priorities],
    ['categories', rule.when.categories],
    ['requesterGroups', rule.when.requesterGroups],
  ];
  for (const [field, values] of lists) {
    if (values !== undefined && values.length === 0) {
      throw invalid(`${where} has an empty "${field}" list, which matches nothing; remove it.`);
    }
  }
  const unknown = rule.when.priorities?.find((p) => !PRIORITIES.includes(p));
  if (unknown !== undefined) {
    throw invalid(`${where} names the priority "${unknown}"; use one of P1, P2, P3, P4.`);
  }
  requirePolicy(settings, rule.policy, where);
}

function invalid(message: string): HelpdeskError {
  return new HelpdeskError('invalid_config', message);
}
