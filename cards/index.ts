import * as ACData from 'adaptivecards-templating';
import { describeState } from '../src/tickets/lifecycle.js';
import { revisionOf, type Priority, type Ticket } from '../src/tickets/types.js';
import help from './templates/help.json';
import notice from './templates/notice.json';
import proposal from './templates/proposal.json';
import settings from './templates/settings.json';
import ticketChannel from './templates/ticket-channel.json';
import ticketList from './templates/ticket-list.json';
import ticketHistory from './templates/ticket-history.json';
import ticketStatus from './templates/ticket-status.json';

/** An Adaptive Card as JSON, schema 1.5 (the highest Teams renders). */
export type Card = Record<string, unknown>;

/** Every template the bot can send, by name; the card tests walk this table. */
export const TEMPLATES = {
  help,
  notice,
  proposal,
  settings,
  'ticket-channel': ticketChannel,
  'ticket-history': ticketHistory,
  'ticket-list': ticketList,
  'ticket-status': ticketStatus,
} as const;

export type TemplateName = keyof typeof TEMPLATES;

function expand(name: TemplateName, data: object): Card {
  return new ACData.Template(TEMPLATES[name]).expand({ $root: data }) as Card;
}

const PRIORITY_LABELS: Readonly<Record<Priority, string>> = {
  P1: 'critical',
  P2: 'high',
  P3: 'normal',
  P4: 'low',
};

const PRIORITY_COLORS: Readonly<Record<Priority, string>> = {
  P1: 'Attention',
  P2: 'Warning',
  P3: 'Accent',
  P4: 'Default',
};

export function helpCard(commands: readonly { name: string; description: string }[]): Card {
  return expand('help', { commands });
}

export type NoticeTone = 'info' | 'warning' | 'error';

/** A short message card; `code` is the reference an operator finds in the log. */
export function noticeCard(
  heading: string,
  text: string,
  tone: NoticeTone = 'info',
  code = '',
): Card {
  const color = { info: 'Default', warning: 'Warning', error: 'Attention' }[tone];
  return expand('notice', { heading, text, color, code });
}

export interface ProposalView {
  readonly intakeKey: string;
  readonly text: string;
  readonly title: string;
  readonly priority: Priority;
  readonly category: string;
  readonly tier: string;
  readonly reasons: readonly string[];
  readonly categories: readonly string[];
}

/** What triage understood, with the chance to correct priority and category before creating. */
export function proposalCard(view: ProposalView): Card {
  return expand('proposal', {
    ...view,
    priorityLabel: PRIORITY_LABELS[view.priority],
    priorityChoices: (Object.keys(PRIORITY_LABELS) as Priority[]).map((p) => ({
      title: `${p}: ${PRIORITY_LABELS[p]}`,
      value: p,
    })),
    categoryChoices: view.categories.map((c) => ({ title: c, value: c })),
  });
}

function ticketFields(ticket: Ticket): object {
  return {
    ...ticket,
    revision: revisionOf(ticket),
    requesterName: ticket.requester.name,
    ownerName: ticket.owner?.name ?? 'Nobody yet',
    stateLabel: capitalise(describeState(ticket.state)),
    priorityLabel: PRIORITY_LABELS[ticket.priority],
    priorityColor: PRIORITY_COLORS[ticket.priority],
    createdLabel: `${ticket.createdAt.slice(0, 16).replace('T', ' ')} UTC`,
  };
}

/** Which buttons a viewer gets; the server checks again when one is pressed. */
export interface Capabilities {
  readonly resolve?: boolean;
  readonly ask?: boolean;
  readonly escalate?: boolean;
  readonly assign?: boolean;
  readonly setPriority?: boolean;
  readonly setCategory?: boolean;
  readonly release?: boolean;
  readonly close?: boolean;
  readonly more?: boolean;
  /** Requester: add information, say it works, ask for a person, cancel. */
  readonly addInfo?: boolean;
  readonly reopen?: boolean;
}

export interface TicketView {
  readonly can: Capabilities;
  /** The latest events, as lines a person reads. */
  readonly latest: readonly string[];
  readonly notice?: string;
}

/** The requester's view of one ticket. */
export function ticketStatusCard(ticket: Ticket, heading: string, view: TicketView): Card {
  return expand('ticket-status', { ...ticketFields(ticket), ...view, heading });
}

export interface ChannelView extends TicketView {
  /** Whether the viewer may claim: only technicians, only while nobody owns the ticket. */
  readonly canClaim: boolean;
  /** Users whose clients fetch their own view of the card (Teams honours at most 60). */
  readonly refreshUserIds: readonly string[];
  readonly categories: readonly string[];
  /** Technicians of the ticket's tier who are working now, on call first (routing). */
  readonly suggested?: readonly string[];
  /** The viewer as the first choice of the people picker ("assign to me"). */
  readonly viewerChoice?: { readonly title: string; readonly value: string };
}

/** The ticket as the support channel sees it; `refresh` gives each technician their actions. */
export function ticketChannelCard(ticket: Ticket, view: ChannelView): Card {
  const next = { L1: 'L2', L2: 'L3', L3: '' }[ticket.tier];
  return expand('ticket-channel', {
    ...ticketFields(ticket),
    ...view,
    nextTier: next,
    categoryChoices: view.categories,
    refreshUserIds: view.refreshUserIds.slice(0, 60),
    notice: view.notice ?? '',
    viewerChoice: view.viewerChoice ?? { title: '', value: '' },
    suggested: (view.suggested ?? []).join(', '),
  });
}

export interface HistoryEntry {
  readonly text: string;
  readonly who: string;
  readonly when: string;
}

/** The audit trail of a ticket, a page at a time, newest first. */
export function ticketHistoryCard(
  ticket: Ticket,
  entries: readonly HistoryEntry[],
  cursor?: string,
): Card {
  return expand('ticket-history', { ...ticketFields(ticket), entries, cursor: cursor ?? '' });
}

export interface ListView {
  readonly heading: string;
  readonly emptyText: string;
  readonly tickets: readonly Ticket[];
  readonly cursor?: string;
  readonly moreVerb: string;
  /** Sent back with "More" so the next page comes from the same list. */
  readonly moreData?: { readonly name: string; readonly tier: string; readonly order: string };
}

/** One page of tickets with a "More" action when another page follows; never unbounded. */
export function ticketListCard(view: ListView): Card {
  return expand('ticket-list', {
    ...view,
    tickets: view.tickets.map(ticketFields),
    cursor: view.cursor ?? '',
    moreData: view.moreData ?? { name: '', tier: '', order: '' },
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface SettingsView {
  readonly teamName: string;
  readonly triageChannelId: string;
  readonly channels: readonly { readonly id: string; readonly name: string }[];
}

/** The admin's settings form, shown in the bot configuration dialog of the support team. */
export function settingsCard(view: SettingsView): Card {
  return expand('settings', view);
}
