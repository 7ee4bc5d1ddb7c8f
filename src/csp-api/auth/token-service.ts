import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../../clock/clock.ts';
import { AppError } from '../../errors/index.ts';
import type { SqliteDatabase } from '../store/open-database.ts';
import { type Client, findClient } from './clients.ts';
import type { Principal } from './principal.ts';
import type { Scope } from './scopes.ts';
import { type SigningKey, signingAlgorithm } from './signing-key.ts';

export const tokenIssuer = 'urn:supplier-agent:csp-api';
export const tokenAudience = 'urn:supplier-agent:csp-api';

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  scopes: Scope[];
}

export interface TokenService {
  issue(client: Client, scopes: Scope[]): Promise<IssuedToken>;
  /** The caller behind a bearer token, or an `unauthenticated` / `token_expired` error. */
  verify(token: string): Promise<Principal>;
}

export interface TokenServiceOptions {
  db: SqliteDatabase;
  key: SigningKey;
  clock: Clock;
  ttlSeconds: number;
  /** tenant id of each supplier id, to put in the principal. */
  tenantOf(supplierId: number): string | undefined;
}

export function createTokenService(options: TokenServiceOptions): TokenService {
  const { key, clock, ttlSeconds } = options;
  return {
    async issue(client, scopes) {
      const now = Math.floor(clock.now().getTime() / 1000);
      const accessToken = await new SignJWT({
        scope: scopes.join(' '),
        client_id: client.clientId,
        role: client.role,
        ...(client.supplierId === null ? {} : { supplier_id: client.supplierId }),
      })
        .setProtectedHeader({ alg: signingAlgorithm, kid: key.kid, typ: 'JWT' })
        .setIssuer(tokenIssuer)
        .setAudience(tokenAudience)
        .setSubject(client.supplierId === null ? `buyer:${client.clientId}` : `supplier:${client.supplierId}`)
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .sign(key.privateKey);
      return { accessToken, expiresIn: ttlSeconds, scopes };
    },

    async verify(token) {
      let payload: Record<string, unknown>;
      try {
        const verified = await jwtVerify(token, key.publicKey, {
          algorithms: [signingAlgorithm],
          issuer: tokenIssuer,
          audience: tokenAudience,
          currentDate: clock.now(),
          requiredClaims: ['exp', 'sub'],
        });
        payload = verified.payload;
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) {
          throw new AppError('token_expired', 'The access token has expired.', { cause: error });
        }
        throw new AppError('unauthenticated', 'The access token is invalid.', { cause: error });
      }
      const client =
        typeof payload.client_id === 'string' ? findClient(options.db, payload.client_id) : undefined;
      if (!client) throw new AppError('unauthenticated', 'The access token names an unknown client.');
      const granted = new Set(client.scopes);
      const scopes = new Set(
        String(payload.scope ?? '')
          .split(' ')
          .filter((scope): scope is Scope => granted.has(scope as Scope)),
      );
      if (client.role === 'buyer') return { kind: 'buyer', clientId: client.clientId, scopes };
      const tenantId = client.supplierId === null ? undefined : options.tenantOf(client.supplierId);
      if (client.supplierId === null || payload.supplier_id !== client.supplierId || tenantId === undefined) {
        throw new AppError('unauthenticated', 'The access token is not bound to this client.');
      }
      return { kind: 'supplier', supplierId: client.supplierId, tenantId, clientId: client.clientId, scopes };
    },
  };
}
