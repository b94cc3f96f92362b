import type { Clock } from '../clock.js';
import { HelpdeskError, isHelpdeskError } from '../errors.js';
import type { Logger } from '../log.js';
import type { GroupDirectory } from '../notify/graph.js';
import { activityMessage, TRIAGE_CHANNEL } from '../notify/kinds.js';
import {
  conversationKey,
  type ChangeSet,
  type NewOutboxMessage,
  type NewTicket,
  type Page,
  type QueueOrder,
  type Store,
} from '../store/contract.js';
import { SlaTracker } from '../sla/tracker.js';
import type { AccessPolicy } from './access.js';
import { ACTIONS, type ActionInput, type Permission, type TicketAction } from './actions.js';
import { OPEN_STATES, requireNextState } from './lifecycle.js';
import {
  revisionOf,
  type Person,
  type Priority,
  type Ticket,
  type TicketEvent,
  type Tier,
  type TriageProposal,
} from './types.js';

/** The triage the service relies on; see src/triage for the engine behind it. */
export interface Triage {
  propose(tenantId: string, text: string): Promise<TriageProposal & { readonly title: string }>;
  tierFor(category: string, priority: Priority): Tier;
}

/** An employee's report, confirmed, with any corrections they made to the proposal. */
export interface Report {
  readonly tenantId: string;
  readonly requester: Person;
  readonly text: string;
  /** Makes intake idempotent: the same key never makes a second ticket. */
  readonly intakeKey: string;
  readonly priority?: Priority;
  readonly category?: string;
}

export type ClaimResult =
  | { readonly outcome: 'claimed'; readonly ticket: Ticket }
  | { readonly outcome: 'already-yours'; readonly ticket: Ticket }
  | { readonly outcome: 'owned-by-other'; readonly ticket: Ticket; readonly owner: Person }
  | { readonly outcome: 'not-claimable'; readonly ticket: Ticket; readonly reason: string }
  | { readonly outcome: 'stale'; readonly ticket: Ticket };

/** One action on a ticket, as a card or message asked for it. */
export interface ActionRequest {
  readonly tenantId: string;
  readonly ticketId: string;
  readonly actor: Person;
  readonly input?: ActionInput;
  /**
   * The version the actor saw (from the card). When the ticket has moved on since, the action is
   * not applied and the current ticket comes back: never a silent overwrite.
   */
  readonly expectedVersion?: number;
}

export type ActionResult =
  | { readonly outcome: 'done'; readonly ticket: Ticket }
  | { readonly outcome: 'stale'; readonly ticket: Ticket };

export type QueueName = 'unassigned' | 'mine' | 'tier';

export interface ServiceOptions {
  readonly categories: readonly string[];
  /** How long after resolution the requester may reopen. */
  readonly reopenWindowMs: number;
  /** The requester's groups, looked up once at intake for SLA policy rules. */
  readonly groups?: GroupDirectory;
  /** Who to alert when a ticket arrives in a tier (its on-call technician, say). */
  readonly tierContacts?: (tenantId: string, tier: Tier) => Promise<readonly Person[]>;
}

/** How often a write that lost a race is re-read and re-decided before giving up. */
const MAX_ATTEMPTS = 5;

/**
 * The ticket life cycle as plain calls: who, what, when in; tickets and outcomes out. It knows
 * nothing of Teams, so a chat message, a card click, a webhook or a CLI can all drive it.
 */
export class TicketService {
  constructor(
    private readonly store: Store,
    private readonly triage: Triage,
    private readonly access: AccessPolicy,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: ServiceOptions,
    private readonly sla: SlaTracker = new SlaTracker(),
  ) {}

  /**
   * Takes one life-cycle action for `actor`, after checking they may. Races are decided by the
   * store's version check: the loser re-decides on the winner's ticket, and when that ticket is
   * now a revision the actor's card did not show, gets it back as `stale` instead.
   */
  async perform(action: TicketAction, request: ActionRequest): Promise<ActionResult> {
    const { tenantId, ticketId, actor } = request;
    const spec = ACTIONS[action];
    return this.withRetry(tenantId, ticketId, async (ticket) => {
      if (request.expectedVersion !== undefined && request.expectedVersion !== revisionOf(ticket)) {
        return { outcome: 'stale', ticket };
      }
      await this.requirePermission(spec.permission, ticket, actor);
      const next = spec.apply({
        ticket,
        actor,
        input: request.input ?? {},
        now: this.clock.now(),
        categories: this.options.categories,
        reopenWindowMs: this.options.reopenWindowMs,
      });
      const change = await this.withTierAlert(ticket, next.ticket, next.change);
      const saved = await this.store.updateTicket(
        await this.withSla({ ...next.ticket, revision: revisionOf(ticket) + 1 }, change),
        change,
      );
      this.logEvent(saved, `ticket ${action}`, { actor: actor.id });
      return { outcome: 'done', ticket: saved };
    });
  }

  /** One page of a technician queue, most urgent (P1 first, oldest first) or newest first. */
  queue(
    tenantId: string,
    name: QueueName,
    filter: { readonly ownerId?: string; readonly tier?: Tier },
    cursor?: string,
    order: QueueOrder = 'urgent',
  ): Promise<Page<Ticket>> {
    return this.store.listTickets({
      tenantId,
      states: OPEN_STATES,
      unassigned: name === 'unassigned' || undefined,
      ownerId: name === 'mine' ? filter.ownerId : undefined,
      tier: name === 'tier' ? filter.tier : undefined,
      order,
      limit: 10,
      cursor,
    });
  }

  /** The requester's open tickets, newest first (for replies typed in their chat). */
  async openTicketsOf(tenantId: string, requesterId: string): Promise<readonly Ticket[]> {
    const page = await this.store.listTickets({
      tenantId,
      requesterId,
      states: [...OPEN_STATES, 'resolved'],
      order: 'newest',
      limit: 10,
    });
    return page.items;
  }

  /** Triage's proposal for a report, before anything is stored. */
  propose(tenantId: string, text: string): ReturnType<Triage['propose']> {
    return this.triage.propose(tenantId, requireText(text));
  }

  /** Records a confirmed report as a ticket and announces it in the triage channel. */
  async create(report: Report): Promise<{ ticket: Ticket; created: boolean }> {
    const text = requireText(report.text);
    const proposal = await this.triage.propose(report.tenantId, text);
    const priority = report.priority ?? proposal.priority;
    const category = report.category ?? proposal.category;
    const changed = priority !== proposal.priority || category !== proposal.category;
    const now = this.clock.now().toISOString();
    const draft: NewTicket = {
      tenantId: report.tenantId,
      intakeKey: report.intakeKey,
      title: proposal.title,
      description: text,
      requester: report.requester,
      state: 'triaged',
      priority,
      category,
      tier: changed ? this.triage.tierFor(category, priority) : proposal.tier,
      reasons: proposal.reasons,
      proposal: { ...proposal },
      requesterGroups: await this.options.groups?.groupsOf(report.tenantId, report.requester),
      createdAt: now,
      updatedAt: now,
    };
    // The clocks start at creation; the events that start them do not depend on the number.
    const opening = createdChange({ ...draft, id: '', number: 0, version: 0 }, report.requester);
    const sla = this.sla.assess(draft, opening.events, new Date(now)).record;

    const result = await this.store.createTicket({ ...draft, sla, revision: 1 }, (ticket) =>
      createdChange(ticket, report.requester),
    );
    if (result.created) this.logEvent(result.ticket, 'ticket created and triaged');
    return result;
  }

  /** Gives an unowned ticket to the technician who asked for it. Exactly one claim wins. */
  async claim(
    tenantId: string,
    ticketId: string,
    actor: Person,
    expectedVersion?: number,
  ): Promise<ClaimResult> {
    await this.requireTechnician(tenantId, actor);
    return this.withRetry(tenantId, ticketId, async (ticket) => {
      if (ticket.owner?.id === actor.id) return { outcome: 'already-yours', ticket };
      if (ticket.owner) return { outcome: 'owned-by-other', ticket, owner: ticket.owner };
      // Someone changed the ticket since the card was drawn (escalated it, say): show it first.
      if (expectedVersion !== undefined && expectedVersion !== revisionOf(ticket)) {
        return { outcome: 'stale', ticket };
      }
      if (ticket.state !== 'triaged') {
        return { outcome: 'not-claimable', ticket, reason: `it is ${ticket.state}` };
      }
      const change = claimedChange(ticket, actor, this.clock.now());
      const next = this.touch({
        ...ticket,
        owner: actor,
        state: requireNextState(ticket.state, 'claim'),
        revision: revisionOf(ticket) + 1,
      });
      const saved = await this.store.updateTicket(await this.withSla(next, change), change);
      this.logEvent(saved, 'ticket claimed', { owner: actor.id });
      return { outcome: 'claimed', ticket: saved };
    });
  }

  async get(tenantId: string, ticketId: string): Promise<Ticket> {
    const ticket = await this.store.getTicket(tenantId, ticketId);
    if (!ticket) throw new HelpdeskError('not_found', `Ticket ${ticketId} does not exist.`);
    return ticket;
  }

  /** A requester's own tickets, newest first. */
  listForRequester(tenantId: string, requesterId: string, cursor?: string): Promise<Page<Ticket>> {
    return this.store.listTickets({ tenantId, requesterId, order: 'newest', limit: 10, cursor });
  }

  history(tenantId: string, ticketId: string): Promise<readonly TicketEvent[]> {
    return this.store.listEvents(tenantId, ticketId);
  }

  /** Whether `person` may work tickets; the same check every action makes. */
  isTechnician(tenantId: string, person: Person): Promise<boolean> {
    return this.access.isTechnician(tenantId, person);
  }

  isLead(tenantId: string, person: Person): Promise<boolean> {
    return this.access.isLead(tenantId, person);
  }

  isAdmin(tenantId: string, person: Person): Promise<boolean> {
    return this.access.isAdmin(tenantId, person);
  }

  private async requirePermission(permission: Permission, ticket: Ticket, actor: Person) {
    if (permission === 'requester') {
      if (ticket.requester.id === actor.id) return;
      throw new HelpdeskError(
        'forbidden',
        `Only the person who reported ${ticket.id} can do that.`,
      );
    }
    await this.requireTechnician(ticket.tenantId, actor);
    if (permission === 'technician' || ticket.owner?.id === actor.id) return;
    if (await this.access.isLead(ticket.tenantId, actor)) return;
    const owner = ticket.owner ? ticket.owner.name : 'its owner';
    throw new HelpdeskError(
      'forbidden',
      `Only ${owner} or a tier lead can do that to ${ticket.id}.`,
    );
  }

  private async requireTechnician(tenantId: string, actor: Person): Promise<void> {
    if (await this.access.isTechnician(tenantId, actor)) return;
    this.log.info({ tenantId, actor: actor.id, code: 'forbidden' }, 'refused a non-technician');
    throw new HelpdeskError('forbidden', 'Only members of the support team can work tickets.');
  }

  /**
   * Reads the ticket, decides, and writes; when another writer got there first the store says
   * so (ConflictError) and the decision is made again on what they wrote.
   */
  private async withRetry<T>(
    tenantId: string,
    ticketId: string,
    decide: (ticket: Ticket) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const ticket = await this.get(tenantId, ticketId);
      try {
        return await decide(ticket);
      } catch (error) {
        // Only a lost race is worth another look; anything else is the caller's to handle.
        if (!isHelpdeskError(error, 'conflict') || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /** A ticket that moved to another tier is announced to who covers that tier now. */
  private async withTierAlert(
    before: Ticket,
    after: Ticket,
    change: ChangeSet,
  ): Promise<ChangeSet> {
    if (before.tier === after.tier || !this.options.tierContacts) return change;
    const contacts = await this.options.tierContacts(after.tenantId, after.tier);
    const alerts = contacts.map((person) =>
      activityMessage(after.tenantId, `v${before.version}`, {
        ticketId: after.id,
        activityType: 'ticketEscalated',
        recipient: person,
        previewText: `${after.priority} ${after.title}`.slice(0, 150),
        parameters: { escalationLevel: after.tier },
      }),
    );
    return { ...change, outbox: [...change.outbox, ...alerts] };
  }

  /** The ticket with its SLA clocks recomputed from all its events, the new ones included. */
  private async withSla(ticket: Ticket, change: ChangeSet): Promise<Ticket> {
    const events = [...(await this.store.listEvents(ticket.tenantId, ticket.id)), ...change.events];
    return { ...ticket, sla: this.sla.assess(ticket, events, this.clock.now()).record };
  }

  private touch(ticket: Ticket): Ticket {
    return { ...ticket, updatedAt: this.clock.now().toISOString() };
  }

  private logEvent(ticket: Ticket, message: string, extra: Record<string, unknown> = {}): void {
    this.log.info(
      {
        tenantId: ticket.tenantId,
        ticketId: ticket.id,
        state: ticket.state,
        priority: ticket.priority,
        category: ticket.category,
        tier: ticket.tier,
        ...extra,
      },
      message,
    );
  }
}

function requireText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) {
    throw new HelpdeskError('bad_request', 'Describe the problem in a few words first.');
  }
  if (trimmed.length > 4000) {
    throw new HelpdeskError(
      'bad_request',
      'That description is too long; keep it under 4000 characters.',
    );
  }
  return trimmed;
}

function createdChange(ticket: Ticket, requester: Person): ChangeSet {
  const at = ticket.createdAt;
  const reasons = ticket.reasons.join('; ');
  return {
    events: [
      { ticketId: ticket.id, at, actor: requester, type: 'created', to: ticket.id },
      {
        ticketId: ticket.id,
        at,
        actor: requester,
        type: 'state',
        from: 'new',
        to: 'triaged',
        note: reasons,
      },
    ],
    outbox: [notice(ticket, 'created', 'channel.ticket-posted', TRIAGE_CHANNEL)],
  };
}

function claimedChange(ticket: Ticket, actor: Person, now: Date): ChangeSet {
  const at = now.toISOString();
  const base = { ticketId: ticket.id, at, actor };
  return {
    events: [
      { ...base, type: 'owner', to: actor.name },
      { ...base, type: 'state', from: ticket.state, to: 'assigned' },
    ],
    outbox: [
      notice(ticket, `claimed@${at}`, 'channel.ticket-updated', TRIAGE_CHANNEL),
      notice(
        ticket,
        `claimed@${at}`,
        'requester.claimed',
        conversationKey('user', ticket.requester.id),
        {
          technician: actor.name,
        },
      ),
    ],
  };
}

/** One notification; its id names the ticket, the causing event and the recipient. */
function notice(
  ticket: Ticket,
  event: string,
  kind: string,
  target: string,
  payload: Record<string, unknown> = {},
): NewOutboxMessage {
  return {
    id: `${ticket.tenantId}/${ticket.id}/${event}/${kind}/${target}`,
    kind,
    target,
    payload: { ticketId: ticket.id, ...payload },
  };
}
