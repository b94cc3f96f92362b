import http from 'node:http';
import { LoopbackServer, readText } from './loopback.js';

export interface Member {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
}

/** One request the bot made to the connector. */
export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly conversationId?: string;
  readonly activityId?: string;
  readonly body: Record<string, unknown>;
  readonly headers: http.IncomingHttpHeaders;
}

/** A canned failure for requests whose path matches. */
interface Fault {
  readonly match: RegExp;
  readonly status: number;
  readonly headers?: Record<string, string>;
  remaining: number;
}

/** Every request as it arrived, failed or not: what Teams' rate limits count. */
export interface Arrival {
  readonly at: number;
  readonly method: string;
  readonly conversationId: string;
}

/** Random trouble on every request: `rate` of them fail, `slowRate` get no answer in time. */
export interface Chaos {
  readonly rate: number;
  readonly statuses: readonly number[];
  /** Seconds, sent as Retry-After with every 429. */
  readonly retryAfter?: string;
  readonly slowRate?: number;
  /** How long a slow request hangs before a 504; it is not recorded as delivered. */
  readonly slowMs?: number;
  readonly random?: () => number;
}

/**
 * A stand-in for the Teams connector (Bot Framework REST API v3) on loopback. It records every
 * reply, update and new conversation the bot sends, answers roster look-ups from `members`, and
 * can be told to fail.
 */
export class FakeConnector extends LoopbackServer {
  readonly requests: Recorded[] = [];
  /** Team id → the members of that team's roster. */
  readonly members = new Map<string, Member[]>();
  /** Team id → its channels, as `v3/teams/{id}/conversations` lists them. */
  readonly channels = new Map<string, { id: string; name?: string }[]>();
  readonly arrivals: Arrival[] = [];
  private readonly faults: Fault[] = [];
  private readonly blocked = new Map<string, string>();
  private chaos?: Chaos;
  private nextId = 1;

  addMember(teamId: string, member: Member): void {
    if (!this.members.has(teamId)) this.members.set(teamId, []);
    this.members.get(teamId)!.push(member);
  }

  /** The next `times` requests whose path matches answer `status`. */
  fail(match: RegExp, status: number, times = 1, headers?: Record<string, string>): void {
    this.faults.push({ match, status, headers, remaining: times });
  }

  /** Every request from now on may fail, as `chaos` says; `undefined` stops it. */
  setChaos(chaos: Chaos | undefined): void {
    this.chaos = chaos;
  }

  /** Every request to `conversationId` answers 403 with Teams' `code` (the bot was removed). */
  block(conversationId: string, code = 'BotNotInConversationRoster'): void {
    this.blocked.set(conversationId, code);
  }

  /** Messages posted (new or replies), optionally to one conversation. */
  sent(conversationId?: string): Recorded[] {
    return this.requests.filter(
      (r) =>
        r.method === 'POST' &&
        r.path.includes('/activities') &&
        (conversationId === undefined || r.conversationId === conversationId),
    );
  }

  updates(): Recorded[] {
    return this.requests.filter((r) => r.method === 'PUT');
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const at = Date.now();
    const body = await readBody(req);
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const [, , , conversationId, kind, activityId] = path.split('/');
    if (!(req.method === 'GET' && kind === 'members')) {
      this.arrivals.push({ at, method: req.method ?? 'GET', conversationId });
      if (await this.trouble(res, conversationId)) return;
    }
    const fault = this.faults.find((f) => f.remaining > 0 && f.match.test(path));
    if (fault) {
      fault.remaining--;
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(JSON.stringify({ error: { code: 'Fault', message: 'injected' } }));
      return;
    }

    if (req.method === 'GET' && kind === 'members') {
      return this.member(res, conversationId, activityId);
    }
    if (req.method === 'GET' && path.startsWith('/v3/teams/')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ conversations: this.channels.get(conversationId) ?? [] }));
      return;
    }
    this.requests.push({
      method: req.method ?? 'GET',
      path,
      conversationId,
      activityId: kind === 'activities' ? activityId : undefined,
      body,
      headers: req.headers,
    });
    const id = req.method === 'PUT' ? activityId : `activity-${this.nextId++}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(path === '/v3/conversations' ? { id: `conversation-${id}` } : { id }));
  }

  /** Answers a blocked conversation or a chaos draw; true when it did. */
  private async trouble(res: http.ServerResponse, conversationId = ''): Promise<boolean> {
    const code = this.blocked.get(conversationId.split(';')[0]);
    const fail = (status: number, errorCode: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify({ error: { code: errorCode, message: 'injected' } }));
    };
    if (code) {
      fail(403, code);
      return true;
    }
    const chaos = this.chaos;
    if (!chaos) return false;
    const draw = (chaos.random ?? Math.random)();
    const slowRate = chaos.slowRate ?? 0;
    if (draw < slowRate) {
      await new Promise((resolve) => setTimeout(resolve, chaos.slowMs ?? 5_000));
      if (!res.destroyed) fail(504, 'GatewayTimeout');
      return true;
    }
    if (draw < slowRate + chaos.rate) {
      const random = chaos.random ?? Math.random;
      const status = chaos.statuses[Math.floor(random() * chaos.statuses.length)];
      fail(
        status,
        // A random 403 says what Teams says when the bot was removed from the chat.
        status === 403 ? 'BotNotInConversationRoster' : 'Fault',
        status === 429 && chaos.retryAfter ? { 'retry-after': chaos.retryAfter } : {},
      );
      return true;
    }
    return false;
  }

  /** The connector finds a member by Teams user id or by Entra object id. */
  private member(res: http.ServerResponse, teamId: string, userId: string): void {
    const member = this.members
      .get(teamId)
      ?.find((m) => m.id === userId || m.aadObjectId === userId);
    if (!member) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { code: 'MemberNotFoundInConversation', message: 'not a member' },
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(member));
  }
}

async function readBody(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readText(req);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Polls until `check` returns a value, or fails after `timeoutMs` with `what` in the message. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
