import http from 'node:http';
import https from 'node:https';

export interface UpstreamRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Buffer;
  signal: AbortSignal;
}

export interface UpstreamResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Sends the broker's requests to the internal API over kept-alive connections. */
export interface UpstreamClient {
  send(request: UpstreamRequest): Promise<UpstreamResponse>;
  /** Closes the kept-alive connections. */
  close(): void;
}

/**
 * node:http rather than `fetch`: a kept-alive agent per broker and no hidden decompression or
 * header rewriting, so what is recorded is what was sent and received.
 */
export function createUpstreamClient(): UpstreamClient {
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 16 });

  return {
    send(request) {
      const secure = request.url.protocol === 'https:';
      const client = secure ? https : http;
      return new Promise((resolve, reject) => {
        const outgoing = client.request(request.url, {
          method: request.method,
          headers: { ...request.headers, 'content-length': String(request.body.length) },
          agent: secure ? httpsAgent : httpAgent,
          signal: request.signal,
        });
        outgoing.on('error', reject);
        outgoing.on('response', (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', reject);
          incoming.on('aborted', () => reject(new Error('upstream response aborted')));
          incoming.on('end', () =>
            resolve({
              status: incoming.statusCode ?? 502,
              headers: incoming.headers,
              body: Buffer.concat(chunks),
            }),
          );
        });
        outgoing.end(request.body.length > 0 ? request.body : undefined);
      });
    },
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
