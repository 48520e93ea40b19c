/**
 * The service's one error type: an HTTP status, a stable machine-readable `code` and a message that
 * names the bad value and the fix. The HTTP layer maps it to `{ "error": { code, message } }` in one
 * place (app.ts); no stack trace ever reaches a client.
 */
export type ServeErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'unknown_user'
  | 'unknown_item'
  | 'payload_too_large'
  | 'rate_limited'
  | 'not_ready'
  | 'conflict'
  | 'unavailable'
  | 'internal';

const STATUS: Record<ServeErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_user: 404,
  unknown_item: 404,
  payload_too_large: 413,
  rate_limited: 429,
  not_ready: 503,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

export class ServeError extends Error {
  readonly code: ServeErrorCode;
  readonly status: number;

  constructor(code: ServeErrorCode, message: string) {
    super(message);
    this.code = code;
    this.status = STATUS[code];
  }
}
