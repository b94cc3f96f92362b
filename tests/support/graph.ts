import http from 'node:http';
import { LoopbackServer, readText } from './loopback.js';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';

/** One activity feed notification the stand-in accepted. */
export interface GraphRecorded {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly userId: string;
  readonly body: Record<string, unknown>;
  readonly headers: http.IncomingHttpHeaders;
}

interface GraphFault {
  readonly match: RegExp;
  readonly status: number;
  readonly headers?: Record<string, string>;
  remaining: number;
}

const ACTIVITY_PATH = /^\/v1\.0\/users\/([^/]+)\/teamwork\/sendActivityNotification$/;
const GROUPS_PATH = /^\/v1\.0\/users\/([^/]+)\/transitiveMemberOf\/microsoft\.graph\.group$/;

/**
 * A stand-in for Microsoft Graph on loopback. It answers only
 * `POST /v1.0/users/{id}/teamwork/sendActivityNotification`, as Graph does (204, no body), and
 * refuses anything else: a wrong path, a missing or wrong bearer token, a wrong content type,
 * or a body without the parameters the API requires.
 */
export class FakeGraph extends LoopbackServer {
  readonly accepted: GraphRecorded[] = [];
  /** Requests refused because they were malformed; a test expects this to stay empty. */
  readonly refused: { path: string; reason: string }[] = [];
  /** Entra object id → the groups `transitiveMemberOf` lists for them. */
  readonly groups = new Map<string, { id: string; displayName: string }[]>();
  private readonly faults: GraphFault[] = [];

  /** `token` is the bearer token every request must carry. */
  constructor(readonly token = 'graph-token') {
    super();
  }

  /** The next `times` requests whose path matches answer `status`. */
  fail(match: RegExp, status: number, times = 1, headers?: Record<string, string>): void {
    this.faults.push({ match, status, headers, remaining: times });
  }

  /** Accepted notifications, optionally for one user. */
  sentTo(userId?: string): GraphRecorded[] {
    return this.accepted.filter((r) => userId === undefined || r.userId === userId);
  }

  /** `GET /users/{id}/transitiveMemberOf/microsoft.graph.group`, with the `$select` we send. */
  private memberOf(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    userId: string,
    refuse: Refuse,
  ): void {
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return refuse(401, 'InvalidAuthenticationToken', 'The bearer token is missing or wrong.');
    }
    const select = new URL(req.url ?? '/', 'http://x').searchParams.get('$select');
    if (select !== 'id,displayName') {
      return refuse(400, 'BadRequest', `Unexpected $select '${select}'.`);
    }
    const value = this.groups.get(decodeURIComponent(userId)) ?? [];
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ value }));
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const text = await readText(req);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const refuse = (status: number, code: string, reason: string) => {
      this.refused.push({ path, reason });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code, message: reason } }));
    };

    const groups = GROUPS_PATH.exec(path);
    if (req.method === 'GET' && groups) return this.memberOf(req, res, groups[1], refuse);
    const match = ACTIVITY_PATH.exec(path);
    if (req.method !== 'POST' || !match) {
      return refuse(404, 'NotFound', `No such API: ${req.method} ${path}`);
    }
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return refuse(401, 'InvalidAuthenticationToken', 'The bearer token is missing or wrong.');
    }
    if (!String(req.headers['content-type']).startsWith('application/json')) {
      return refuse(415, 'BadRequest', 'The body must be application/json.');
    }
    const body = JSON.parse(text) as Record<string, unknown>;
    const problem = checkBody(body);
    if (problem) return refuse(400, 'BadRequest', problem);

    const fault = this.faults.find((f) => f.remaining > 0 && f.match.test(path));
    if (fault) {
      fault.remaining--;
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(JSON.stringify({ error: { code: 'Fault', message: 'injected' } }));
      return;
    }
    this.accepted.push({
      at: Date.now(),
      method: req.method,
      path,
      userId: decodeURIComponent(match[1]),
      body,
      headers: req.headers,
    });
    res.writeHead(204);
    res.end();
  }
}

type Refuse = (status: number, code: string, reason: string) => void;

/** What Graph documents as required: topic, activityType, previewText, templateParameters. */
function checkBody(body: Record<string, unknown>): string | undefined {
  const topic = body.topic as Record<string, unknown> | undefined;
  if (!topic || typeof topic.value !== 'string') return 'topic.value is required.';
  if (topic.source === 'text') {
    if (
      typeof topic.webUrl !== 'string' ||
      !topic.webUrl.startsWith('https://teams.microsoft.com/l/')
    )
      return 'A text topic needs a webUrl that is a Teams deep link.';
  } else if (topic.source !== 'entityUrl') return `Unknown topic.source '${String(topic.source)}'.`;
  if (typeof body.activityType !== 'string') return 'activityType is required.';
  const preview = body.previewText as { content?: unknown } | undefined;
  if (typeof preview?.content !== 'string') return 'previewText.content is required.';
  const params = body.templateParameters;
  if (
    !Array.isArray(params) ||
    !params.every((p) => typeof p?.name === 'string' && typeof p?.value === 'string')
  )
    return 'templateParameters must be a list of { name, value } strings.';
  return undefined;
}

/** A credential that hands out a fixed token and remembers what it was asked for. */
export class FakeCredential implements TokenCredential {
  readonly requests: { scopes: string | string[]; tenantId?: string }[] = [];

  constructor(private readonly token = 'graph-token') {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    this.requests.push({ scopes, tenantId: options?.tenantId });
    return { token: this.token, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}
