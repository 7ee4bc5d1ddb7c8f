/** What the API answered, parsed: JSON when the body is JSON, the text otherwise. */
export interface ApiReply {
  status: number;
  body: unknown;
}

/** The error line `csp` prints on stderr: the API's status, stable code and field errors. */
export interface CspErrorReport {
  status: number;
  code: string;
  errors: Record<string, unknown>;
}

/** A failed lookup a command needed before its own request; reported like any API error. */
export class ApiReplyError extends Error {
  readonly reply: ApiReply;

  constructor(reply: ApiReply) {
    super(`CSP API answered ${reply.status}`);
    this.name = 'ApiReplyError';
    this.reply = reply;
  }
}

export function isSuccess(reply: ApiReply): boolean {
  return reply.status >= 200 && reply.status < 300;
}

export function parseReplyBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Normalises any error answer into `{status, code, errors}`: the CSP API's own shape, OAuth's
 * `{error, error_description}`, or the broker's `{error: {code, message}}`.
 */
export function errorReport(reply: ApiReply): CspErrorReport {
  const body = (typeof reply.body === 'object' && reply.body !== null ? reply.body : {}) as Record<
    string,
    unknown
  >;
  const nested =
    typeof body.error === 'object' && body.error !== null ? (body.error as Record<string, unknown>) : {};
  const code =
    (typeof body.code === 'string' && body.code) ||
    (typeof body.error === 'string' && body.error) ||
    (typeof nested.code === 'string' && nested.code) ||
    `http_${reply.status}`;
  const message =
    body.error_description ?? nested.message ?? (typeof reply.body === 'string' ? reply.body : undefined);
  const errors =
    typeof body.errors === 'object' && body.errors !== null
      ? (body.errors as Record<string, unknown>)
      : { base: [message ?? `HTTP ${reply.status}`] };
  return { status: reply.status, code, errors };
}
