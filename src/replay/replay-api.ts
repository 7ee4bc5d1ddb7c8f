import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuditEvent } from '../audit/event-types.ts';
import { returnedHeaderNames } from '../broker/identity-headers.ts';
import type { RecordedTurn } from './recorded-turns.ts';
import { interruptReason, type ReplayControl } from './replay-control.ts';

/** One request the broker forwarded upstream, and the answer it got (recorded as `api-response`). */
interface RecordedExchange {
  method: string;
  target: string;
  response: Record<string, unknown>;
  used: boolean;
}

export interface ReplayApi {
  /** Base URL for the re-run's broker (in place of the internal API). */
  url: string;
  /** Recorded exchanges the re-run has not asked for. */
  remaining(): number;
  close(): Promise<void>;
}

/**
 * Stands in for the internal API during a re-run: each request the broker forwards is answered with
 * the recorded response of the first unused recorded exchange with the same method and target, byte
 * for byte (`bodyText` when the log kept it). A request the record has no answer for is a
 * divergence; one the recorded turn was interrupted during delivers the interrupt and is held.
 */
export async function startReplayApi(turn: RecordedTurn, control: ReplayControl): Promise<ReplayApi> {
  const exchanges = recordedExchanges(turn.events);
  const held = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const method = request.method ?? '';
      const target = request.url ?? '';
      const exchange = exchanges.find(
        (candidate) => !candidate.used && candidate.method === method && candidate.target === target,
      );
      if (!exchange) {
        control.divergence(`the re-run sent ${method} ${target}, which the record does not have`);
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ errors: { base: ['Replay: no recorded response for this request.'] } }),
        );
        return;
      }
      exchange.used = true;
      const recorded = exchange.response;
      if (typeof recorded.status !== 'number') {
        // The recorded request never got its answer: the turn was interrupted (or timed out) here.
        held.add(response);
        response.on('close', () => held.delete(response));
        control.interrupt(interruptReason(turn.interrupt));
        return;
      }
      const headers = recordedHeaders(recorded.headers);
      const body = recordedBody(recorded);
      response.writeHead(recorded.status, { ...headers, 'content-length': String(body.length) });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    remaining: () => exchanges.filter((exchange) => !exchange.used).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of held) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function recordedExchanges(events: readonly AuditEvent[]): RecordedExchange[] {
  const exchanges: RecordedExchange[] = [];
  for (const event of events) {
    if (event.type !== 'api-response') continue;
    const sent = event.payload.request as { method?: unknown; target?: unknown } | undefined;
    if (typeof sent?.method !== 'string' || typeof sent.target !== 'string') continue;
    exchanges.push({ method: sent.method, target: sent.target, response: event.payload, used: false });
  }
  return exchanges;
}

/** The bytes the cell got: the exact text when kept, else the stored body serialized. */
function recordedBody(payload: Record<string, unknown>): Buffer {
  if (typeof payload.bodyText === 'string') return Buffer.from(payload.bodyText, 'utf8');
  const body = payload.body;
  if (body === null || body === undefined) return Buffer.alloc(0);
  if (payload.bodyEncoding === 'base64' && typeof body === 'string') return Buffer.from(body, 'base64');
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
}

function recordedHeaders(value: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return headers;
  for (const name of returnedHeaderNames) {
    const header = (value as Record<string, unknown>)[name];
    if (typeof header === 'string') headers[name] = header;
  }
  return headers;
}
