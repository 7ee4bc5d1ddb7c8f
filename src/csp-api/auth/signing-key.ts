import crypto, { type webcrypto } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { SqliteDatabase } from '../store/open-database.ts';

type CryptoKey = webcrypto.CryptoKey;

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

export const signingAlgorithm = 'ES256';

/** Loads the data dir's token signing key, generating a fresh random one on first use. */
export async function loadSigningKey(db: SqliteDatabase, now: Date): Promise<SigningKey> {
  let row = db.prepare('SELECT kid, private_jwk FROM signing_keys ORDER BY created_at DESC LIMIT 1').get() as
    | { kid: string; private_jwk: string }
    | undefined;
  if (!row) {
    const pair = await generateKeyPair(signingAlgorithm, { extractable: true });
    const jwk = await exportJWK(pair.privateKey);
    const kid = crypto.randomBytes(8).toString('hex');
    db.prepare('INSERT INTO signing_keys (kid, private_jwk, created_at) VALUES (?, ?, ?)').run(
      kid,
      JSON.stringify(jwk),
      now.toISOString(),
    );
    row = { kid, private_jwk: JSON.stringify(jwk) };
  }
  const privateJwk = JSON.parse(row.private_jwk) as JWK;
  const { d: _secret, ...publicJwk } = privateJwk;
  const privateKey = (await importJWK(privateJwk, signingAlgorithm)) as CryptoKey;
  const publicKey = (await importJWK(publicJwk, signingAlgorithm)) as CryptoKey;
  return {
    kid: row.kid,
    privateKey,
    publicKey,
    publicJwk: { ...publicJwk, kid: row.kid, alg: signingAlgorithm, use: 'sig' },
  };
}
