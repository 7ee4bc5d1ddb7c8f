/**
 * The stable codes the broker answers the cell with, and their HTTP statuses. Part of the socket
 * protocol (docs/broker-protocol.md): add new ones, never rename.
 */
export const brokerErrorCodes = {
  invalid_argument: 400,
  invalid_json: 400,
  malformed_request: 400,
  egress_denied: 403,
  method_not_allowed: 405,
  request_timeout: 408,
  payload_too_large: 413,
  headers_too_large: 431,
  internal: 500,
  upstream_unavailable: 502,
  credential_unavailable: 502,
  model_failed: 502,
  audit_unavailable: 503,
  model_unavailable: 503,
  budget_exhausted: 429,
  session_interrupted: 503,
  upstream_timeout: 504,
} as const;

export type BrokerErrorCode = keyof typeof brokerErrorCodes;

/** The error body: the CSP API's `{"errors": {field: [messages]}}` shape plus a stable `code`. */
export interface BrokerErrorBody {
  errors: Record<string, string[]>;
  code: BrokerErrorCode;
  [extra: string]: unknown;
}

/** An answer the broker gives the cell instead of (or before) doing the work. */
export class BrokerRefusal extends Error {
  readonly code: BrokerErrorCode;
  readonly fields: Record<string, string[]> | undefined;
  readonly extra: Record<string, unknown>;

  constructor(
    code: BrokerErrorCode,
    message: string,
    options: { fields?: Record<string, string[]>; extra?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BrokerRefusal';
    this.code = code;
    this.fields = options.fields;
    this.extra = options.extra ?? {};
  }

  get status(): number {
    return brokerErrorCodes[this.code];
  }

  body(): BrokerErrorBody {
    return { errors: this.fields ?? { base: [this.message] }, code: this.code, ...this.extra };
  }
}
