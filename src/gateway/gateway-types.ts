import type { TokenVerifier } from '../identity/tenant-context.ts';
import type { SessionManager } from '../sessions/session-manager-types.ts';
import type { GatewayCounters } from './metrics.ts';
import type { EventStream } from './sse.ts';

export interface GatewayLog {
  info(line: string): void;
  warn(line: string): void;
}

/** The identity documents the gateway publishes when it fronts the development issuer. */
export interface WellKnownDocuments {
  /** `/.well-known/jwks.json`. */
  jwks(): unknown;
  /** `/.well-known/openid-configuration`. */
  discovery(): unknown;
}

export interface GatewayOptions {
  sessions: SessionManager;
  verifier: TokenVerifier;
  /** Served under `/.well-known/` when given; those routes answer 404 otherwise. */
  wellKnown?: WellKnownDocuments;
  /** Folder served at `/` (its `index.html`) and below (assets); no static files when unset. */
  staticDir?: string;
  limits?: {
    /** Largest request body in bytes. Default 64 KiB. */
    bodyLimitBytes?: number;
  };
  sse?: {
    /** A heartbeat comment this often on an event stream. Default 15 s. */
    heartbeatMs?: number;
  };
  /** `/healthz` answers 200 only while this says true. Default: ready once listening. */
  ready?: () => boolean;
  /** How long `close()` waits for requests in flight before dropping their connections. Default 10 s. */
  closeGraceMs?: number;
  /** Where unexpected (internal) errors are reported. Default: nowhere. */
  log?: GatewayLog;
}

export interface Gateway {
  app: import('fastify').FastifyInstance;
  /** Starts listening; resolves to the base URL (`http://127.0.0.1:PORT`). */
  listen(port: number, host: string): Promise<string>;
  /**
   * Stops taking requests, ends open event streams (their turns go on in the session manager),
   * waits up to `closeGraceMs` for requests in flight, then drops what is left. Close the session
   * manager first for a graceful shutdown, so every client gets its `turn-end`.
   */
  close(): Promise<void>;
}

export const defaultBodyLimitBytes = 64 * 1024;
export const defaultCloseGraceMs = 10_000;

/** What the route modules share. */
export interface RouteContext {
  sessions: SessionManager;
  counters: GatewayCounters;
  heartbeatMs: number | undefined;
  /** Event streams open now (`close()` ends them). */
  streams: Set<EventStream>;
  /** Headers every answer carries, streams included. */
  securityHeaders: Record<string, string>;
}
