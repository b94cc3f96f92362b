/** Machine-readable error codes; logs carry the code, people see a friendly sentence. */
export type ErrorCode =
  | 'bad_request'
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'invalid_transition'
  | 'invalid_config'
  | 'store_unavailable'
  | 'delivery_failed';

/** An error the help desk expects and can explain. The message is a whole sentence. */
export class HelpdeskError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HelpdeskError';
  }
}

/** Raised by a store when a write names a version that is no longer current. */
export class ConflictError extends HelpdeskError {
  constructor(what: string, options?: { cause?: unknown }) {
    super('conflict', `${what} was changed by someone else; read it again and retry.`, options);
    this.name = 'ConflictError';
  }
}

export function isHelpdeskError(error: unknown, code?: ErrorCode): error is HelpdeskError {
  return error instanceof HelpdeskError && (code === undefined || error.code === code);
}
