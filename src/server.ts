import restify from 'restify';
import type { Logger } from './log.js';

/** Handles one POST to /api/messages (the Bot Framework adapter, in practice). */
export type MessagesEndpoint = (req: restify.Request, res: restify.Response) => Promise<void>;

export interface ServerOptions {
  readonly messages: MessagesEndpoint;
  readonly health: () => Promise<Record<string, unknown>>;
  readonly log: Logger;
}

/**
 * The HTTP face: `POST /api/messages` for Teams and `GET /healthz` for load balancers. A body
 * that is not JSON gets a 400 with `{ code, message }`, never a stack trace.
 */
export function createServer(options: ServerOptions): restify.Server {
  const server = restify.createServer({ name: 'helpdesk', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1_000_000, mapParams: false }));

  server.post('/api/messages', async (req, res) => {
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
      res.send(400, { code: 'bad_request', message: 'The request body must be a JSON activity.' });
      return;
    }
    await options.messages(req, res);
    if (res.statusCode === 401) {
      // botbuilder also prints the AuthenticationError itself; this line carries our code.
      options.log.warn(
        { code: 'unauthorized', path: req.path() },
        'activity without a valid token',
      );
    }
  });

  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok', ...(await options.health()) });
  });

  server.on('restifyError', (req, _res, error, callback) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    options.log.warn(
      { code: 'http_error', status, path: req.path(), reason: error.message },
      'request rejected',
    );
    error.toJSON = () => ({
      code: status === 500 ? 'internal' : 'bad_request',
      message: status === 500 ? 'The help desk could not handle this request.' : error.message,
    });
    return callback();
  });
  return server;
}
