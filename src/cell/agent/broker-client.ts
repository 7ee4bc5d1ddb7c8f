import http from 'node:http';
import type { TurnBrief } from '../../broker/broker-types.ts';
import type { ModelRequest, ModelResponse } from '../../models/model-types.ts';

/** An answer from the broker that is not a success: its stable code and message. */
export class BrokerAnswerError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'BrokerAnswerError';
    this.status = status;
    this.code = code;
  }
}

export interface SessionInfo {
  sessionId: string;
  skill: { name: string };
  turn?: TurnBrief;
}

/** The loop's side of the broker socket: its session, the model, and the event sink. */
export interface BrokerClient {
  session(): Promise<SessionInfo>;
  model(request: Omit<ModelRequest, 'skill'>): Promise<ModelResponse>;
  event(
    type: 'tool-call' | 'tool-result' | 'progress' | 'assistant-message',
    payload: Record<string, unknown>,
  ): Promise<number>;
  close(): void;
}

export function createBrokerClient(socketPath: string): BrokerClient {
  // A connection per request: over a unix socket it costs a fraction of a millisecond, and a kept-alive
  // socket can be closed by the broker's idle timeout just as a starved loop reuses it (ECONNRESET).
  const agent = new http.Agent({ keepAlive: false, maxSockets: 16 });
  const call = (method: string, path: string, body?: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const request = http.request(
        {
          socketPath,
          agent,
          method,
          path,
          headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {},
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = undefined;
            }
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              resolve(parsed);
              return;
            }
            const answer = (parsed ?? {}) as { code?: unknown; errors?: Record<string, unknown> };
            const base = answer.errors?.base;
            const message =
              Array.isArray(base) && typeof base[0] === 'string' ? base[0] : text || `HTTP ${status}`;
            reject(
              new BrokerAnswerError(
                status,
                typeof answer.code === 'string' ? answer.code : `http_${status}`,
                message,
              ),
            );
          });
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  return {
    async session() {
      return (await call('GET', '/v1/session')) as SessionInfo;
    },
    async model(request) {
      const answer = (await call('POST', '/v1/model', request)) as { response: ModelResponse };
      return answer.response;
    },
    async event(type, payload) {
      const answer = (await call('POST', '/v1/events', { type, payload })) as { seq: number };
      return answer.seq;
    },
    close() {
      agent.destroy();
    },
  };
}
