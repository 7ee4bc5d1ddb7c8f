import { randomUUID } from 'node:crypto';
import { importJWK, type JSONWebKeySet, type JWTPayload, SignJWT } from 'jose';
import { type Clock, systemClock } from '../clock/clock.ts';
import { AppError, validationError } from '../errors/index.ts';
import { type ClaimNames, defaultClaimNames, defaultOperatorScope } from './claims.ts';
import {
  createKeyFile,
  type DevIssuerKeyFile,
  devIssuerAlgorithm,
  devIssuerKeyPath,
  fileStamp,
  generateSigningKey,
  publicJwkOf,
  readKeyFile,
  replaceKeyFile,
  type StoredSigningKey,
} from './dev-issuer-keys.ts';

/** The `iss` of development tokens. */
export const devIssuerName = 'supplier-agent-dev';
/** The `aud` this platform expects unless configured otherwise. */
export const defaultAudience = 'supplier-agent';
export const defaultDevTokenTtlSeconds = 3600;
export const maxDevTokenTtlSeconds = 7 * 24 * 3600;

export interface DevIssuerOptions {
  /** The data dir; keys live in `identity/dev-issuer.json` under it (mode 0600). */
  dataDir: string;
  /** `iss` of the tokens. Default `supplier-agent-dev`. */
  issuer?: string;
  /** `aud` of the tokens. Default `supplier-agent`. */
  audience?: string;
  clock?: Clock;
  /** Claim names to write; each defaults to `defaultClaimNames`. */
  claims?: Partial<ClaimNames>;
  /** Scope added for `operator: true`. Default `supplier-agent.operator`. */
  operatorScope?: string;
  /** How long a replaced key stays published. Default the longest token lifetime (7 days). */
  graceSeconds?: number;
  /** `jti` values. Default random UUIDs. */
  generateId?: () => string;
}

export interface MintRequest {
  tenantId: string;
  userId: string;
  scopes: readonly string[];
  /** Restricts the user's data to these customers; omitted or empty: all. */
  customers?: readonly string[];
  /** Default 3600; at most 7 days. */
  ttlSeconds?: number;
  /** Adds the operator scope. */
  operator?: boolean;
}

/** The embedded development issuer: signs tokens with a key kept in the data dir. */
export interface DevIssuer {
  readonly issuer: string;
  readonly audience: string;
  /** Path of the key file. */
  readonly keyFile: string;
  /** The public keys to serve at `/.well-known/jwks.json`: the current one first, then those in grace. */
  jwks(): Promise<JSONWebKeySet>;
  /** Signs a token for a tenant user (the caller checks that the user exists). */
  mint(request: MintRequest): Promise<string>;
  /** Replaces the signing key; tokens signed with the old one verify until the grace period ends. */
  rotate(): Promise<{ kid: string }>;
  /** The `kid` that signs new tokens. */
  currentKeyId(): Promise<string>;
}

/**
 * Creates the development issuer of a data dir. Its ES256 key is generated on first use; other
 * processes on the same data dir (the `token` command, `serve`) share it through the key file and
 * notice each other's rotations.
 */
export function createDevIssuer(options: DevIssuerOptions): DevIssuer {
  const issuer = options.issuer ?? devIssuerName;
  const audience = options.audience ?? defaultAudience;
  const clock = options.clock ?? systemClock;
  const claims = { ...defaultClaimNames, ...options.claims };
  const operatorScope = options.operatorScope ?? defaultOperatorScope;
  const graceMs = (options.graceSeconds ?? maxDevTokenTtlSeconds) * 1000;
  const generateId = options.generateId ?? randomUUID;
  const keyFile = devIssuerKeyPath(options.dataDir);
  let loaded: { content: DevIssuerKeyFile; stamp: string | undefined } | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  /** Runs one operation at a time, so a rotation never interleaves with a read. */
  const serialized = <T>(operation: () => Promise<T>): Promise<T> => {
    const result = queue.then(operation);
    queue = result.catch(() => undefined);
    return result;
  };

  const load = async (): Promise<DevIssuerKeyFile> => {
    const stamp = await fileStamp(keyFile);
    if (loaded && stamp !== undefined && loaded.stamp === stamp) return loaded.content;
    let content = stamp === undefined ? undefined : await readKeyFile(keyFile);
    content ??= await createKeyFile(keyFile, { version: 1, keys: [await generateSigningKey(clock.now())] });
    loaded = { content, stamp: await fileStamp(keyFile) };
    return content;
  };

  const published = (content: DevIssuerKeyFile): StoredSigningKey[] => {
    const now = clock.now().getTime();
    return content.keys
      .filter((key) => key.retiredAt === undefined || Date.parse(key.retiredAt) + graceMs > now)
      .reverse();
  };

  const current = (content: DevIssuerKeyFile): StoredSigningKey => {
    const key =
      content.keys.findLast((candidate) => candidate.retiredAt === undefined) ?? content.keys.at(-1);
    if (!key) throw new AppError('internal', `The development issuer's key file ${keyFile} holds no key.`);
    return key;
  };

  return {
    issuer,
    audience,
    keyFile,
    jwks: () =>
      serialized(async () => ({
        keys: published(await load()).map((key) => publicJwkOf(key.privateJwk, key.kid)),
      })),
    currentKeyId: () => serialized(async () => current(await load()).kid),
    rotate: () =>
      serialized(async () => {
        const content = await load();
        const now = clock.now();
        const next = await generateSigningKey(now);
        const keys = content.keys.map((key) =>
          key.retiredAt === undefined ? { ...key, retiredAt: now.toISOString() } : key,
        );
        const kept = keys.filter((key) => Date.parse(key.retiredAt ?? '') + graceMs > now.getTime());
        const updated: DevIssuerKeyFile = { version: 1, keys: [...kept, next] };
        await replaceKeyFile(keyFile, updated);
        loaded = { content: updated, stamp: await fileStamp(keyFile) };
        return { kid: next.kid };
      }),
    mint: (request) =>
      serialized(async () => {
        const ttlSeconds = checkedMintRequest(request);
        const key = current(await load());
        const privateKey = await importJWK(key.privateJwk, devIssuerAlgorithm);
        const scopes = [...new Set([...request.scopes, ...(request.operator ? [operatorScope] : [])])];
        const payload: JWTPayload = {
          [claims.tenant]: request.tenantId,
          [claims.user]: request.userId,
          [claims.scope]: scopes.join(' '),
          ...(request.customers?.length ? { [claims.customers]: [...request.customers] } : {}),
        };
        const issuedAt = Math.floor(clock.now().getTime() / 1000);
        return new SignJWT(payload)
          .setProtectedHeader({ alg: devIssuerAlgorithm, kid: key.kid, typ: 'JWT' })
          .setIssuer(issuer)
          .setAudience(audience)
          .setSubject(request.userId)
          .setIssuedAt(issuedAt)
          .setNotBefore(issuedAt)
          .setExpirationTime(issuedAt + ttlSeconds)
          .setJti(generateId())
          .sign(privateKey);
      }),
  };
}

/** Validates a mint request; returns its lifetime in seconds. */
function checkedMintRequest(request: MintRequest): number {
  const fields: Record<string, string[]> = {};
  const idPattern = /^[A-Za-z0-9._@-]{1,128}$/;
  if (!idPattern.test(request.tenantId)) fields.tenantId = ['must be a tenant id (letters, digits, . _ @ -)'];
  if (!idPattern.test(request.userId)) fields.userId = ['must be a user id (letters, digits, . _ @ -)'];
  if (request.scopes.some((scope) => !/^\S+$/.test(scope)))
    fields.scopes = ['must not be empty or hold spaces'];
  if (request.customers?.some((customer) => customer === '')) fields.customers = ['must not be empty'];
  const ttl = request.ttlSeconds ?? defaultDevTokenTtlSeconds;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > maxDevTokenTtlSeconds) {
    fields.ttlSeconds = [`must be a whole number of seconds from 1 to ${maxDevTokenTtlSeconds}`];
  }
  if (Object.keys(fields).length > 0) throw validationError(fields, 'The token request has invalid fields.');
  return ttl;
}
