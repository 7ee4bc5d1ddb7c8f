import { type CspConnection, toolUseHeader } from '../../config/index.ts';
import { AppError } from '../../errors/index.ts';
import { type ApiReply, isSuccess, parseReplyBody } from './api-reply.ts';
import type { ApiRequest } from './command-types.ts';
import { type HttpExchange, type HttpTarget, sendHttp } from './transport.ts';

export interface CspClientOptions {
  connection: CspConnection;
  /** Waits between 429 retries; injectable so tests need not sleep. */
  sleep?: (milliseconds: number) => Promise<void>;
}

export interface SendOptions {
  idempotencyKey?: string;
}

export interface CspClient {
  send(request: ApiRequest, options?: SendOptions): Promise<ApiReply>;
}

/** At most two retries after a 429, waiting at most this long in all. */
const maxRetries = 2;
const maxRetryWaitMs = 5_000;

const defaultSleep = (milliseconds: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/** `/api/purchase_orders/:id` with `{ id: 'NWC-PO-1' }` plus the query, encoded. */
export function requestPath(request: ApiRequest): string {
  const path = request.operation.path.replace(/:(\w+)/g, (_match, name: string) => {
    const value = request.params?.[name];
    if (value === undefined) throw new AppError('internal', `No value for path parameter ${name}.`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams(
    request.query?.map(([key, value]): [string, string] => [key, value]) ?? [],
  ).toString();
  return query === '' ? path : `${path}?${query}`;
}

/**
 * Talks to the CSP API for one `csp` run. Through the broker it sends no credentials (the broker adds
 * them); directly it uses the given token, or fetches one with the client credentials first.
 */
export function createCspClient(options: CspClientOptions): CspClient {
  const { connection } = options;
  const sleep = options.sleep ?? defaultSleep;
  const target: HttpTarget =
    connection.kind === 'broker'
      ? { kind: 'socket', socketPath: connection.socketPath }
      : { kind: 'url', baseUrl: apiBaseUrl(connection.apiUrl) };
  let token: Promise<string | ApiReply> | undefined;

  const exchange = async (
    request: ApiRequest,
    sendOptions: SendOptions,
  ): Promise<HttpExchange | ApiReply> => {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'csp' };
    if (connection.kind === 'direct') {
      token ??= bearerToken(connection, target, sleep);
      const bearer = await token;
      if (typeof bearer !== 'string') return bearer;
      headers.authorization = `Bearer ${bearer}`;
    }
    if (connection.kind === 'broker' && connection.toolUseId !== undefined) {
      headers[toolUseHeader] = connection.toolUseId;
    }
    if (sendOptions.idempotencyKey !== undefined) headers['idempotency-key'] = sendOptions.idempotencyKey;
    let body: string | undefined;
    if (request.rawBody) {
      headers['content-type'] = request.rawBody.contentType;
      body = request.rawBody.text;
    } else if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    return {
      method: request.operation.method,
      path: requestPath(request),
      headers,
      ...(body === undefined ? {} : { body }),
    };
  };

  return {
    async send(request, sendOptions = {}) {
      const prepared = await exchange(request, sendOptions);
      if (!('method' in prepared)) return prepared;
      return sendWithRetry(target, prepared, sleep);
    },
  };
}

/** The `--api-url` as a URL; anything but http(s) is a usage error naming the flag. */
function apiBaseUrl(text: string): URL {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new AppError('usage', `--api-url: "${text}" is not an http(s) URL.`, {
      fields: { '--api-url': ['must be an http or https URL'] },
    });
  }
  return url;
}

/** Sends, and after a 429 waits as `Retry-After` says and tries again (within the limits above). */
async function sendWithRetry(
  target: HttpTarget,
  prepared: HttpExchange,
  sleep: (milliseconds: number) => Promise<void>,
): Promise<ApiReply> {
  let waited = 0;
  for (let attempt = 0; ; attempt += 1) {
    const reply = await sendHttp(target, prepared);
    const wait = retryAfterMs(reply.headers['retry-after']);
    if (reply.status !== 429 || attempt >= maxRetries || waited + wait > maxRetryWaitMs) {
      return { status: reply.status, body: parseReplyBody(reply.text) };
    }
    waited += wait;
    await sleep(wait);
  }
}

function retryAfterMs(header: string | string[] | undefined): number {
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : 1000;
}

/** The given token, or one from `POST /oauth2/token`; a refusal is returned as the API's reply. */
async function bearerToken(
  connection: Extract<CspConnection, { kind: 'direct' }>,
  target: HttpTarget,
  sleep: (milliseconds: number) => Promise<void>,
): Promise<string | ApiReply> {
  if (connection.token) return connection.token;
  if (!connection.clientId || !connection.clientSecret) {
    throw new AppError(
      'usage',
      '--api-url needs --token TOKEN, or --client-id ID with --client-secret SECRET.',
      {
        fields: { '--token': ['is required with --api-url'] },
      },
    );
  }
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: connection.clientId,
    client_secret: connection.clientSecret,
  }).toString();
  const parsed = await sendWithRetry(
    target,
    {
      method: 'POST',
      path: '/oauth2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form,
    },
    sleep,
  );
  const accessToken = (parsed.body as { access_token?: unknown } | null)?.access_token;
  if (isSuccess(parsed) && typeof accessToken === 'string') return accessToken;
  return isSuccess(parsed) ? { status: 502, body: { code: 'invalid_token_response', errors: {} } } : parsed;
}
