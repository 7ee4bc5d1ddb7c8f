import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { AppError } from '../errors/index.ts';

/** One signing key of the development issuer, as stored in its key file. */
export interface StoredSigningKey {
  kid: string;
  /** The private JWK (ES256); never leaves the data dir. */
  privateJwk: JWK;
  createdAt: string;
  /** Set when a newer key took over; the key stays published for the grace period. */
  retiredAt?: string;
}

export interface DevIssuerKeyFile {
  version: 1;
  /** Oldest first; the last one without `retiredAt` signs. */
  keys: StoredSigningKey[];
}

export const devIssuerAlgorithm = 'ES256';

/** `DATA_DIR/identity/dev-issuer.json`, readable by the owner only. */
export function devIssuerKeyPath(dataDir: string): string {
  return path.join(dataDir, 'identity', 'dev-issuer.json');
}

export async function generateSigningKey(now: Date): Promise<StoredSigningKey> {
  const { privateKey } = await generateKeyPair(devIssuerAlgorithm, { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(publicJwkOf(privateJwk));
  return { kid, privateJwk, createdAt: now.toISOString() };
}

/** The public half of a private JWK, ready to publish. */
export function publicJwkOf(privateJwk: JWK, kid?: string): JWK {
  const { kty, crv, x, y } = privateJwk;
  return {
    kty,
    crv,
    x,
    y,
    ...(kid === undefined ? {} : { kid, alg: devIssuerAlgorithm, use: 'sig' }),
  } as JWK;
}

/** Identifies a version of the file on disk, to notice another process's rotation. */
export async function fileStamp(file: string): Promise<string | undefined> {
  try {
    const stat = await fs.stat(file);
    return `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function readKeyFile(file: string): Promise<DevIssuerKeyFile | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw invalidFile(file, cause);
  }
  if (!isKeyFile(parsed)) throw invalidFile(file);
  return parsed;
}

/**
 * Writes the first version of the file unless another process just did; returns the one on disk.
 * The content is complete before the name appears (temp file, then a hard link), so a reader never
 * sees half a file.
 */
export async function createKeyFile(file: string, content: DevIssuerKeyFile): Promise<DevIssuerKeyFile> {
  const temp = await writeTemp(file, content);
  try {
    await fs.link(temp, file);
    return content;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const existing = await readKeyFile(file);
    if (!existing) throw error;
    return existing;
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/** Replaces the file atomically (rename). */
export async function replaceKeyFile(file: string, content: DevIssuerKeyFile): Promise<void> {
  const temp = await writeTemp(file, content);
  try {
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

async function writeTemp(file: string, content: DevIssuerKeyFile): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(temp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return temp;
}

function isKeyFile(value: unknown): value is DevIssuerKeyFile {
  if (typeof value !== 'object' || value === null) return false;
  const file = value as Partial<DevIssuerKeyFile>;
  return (
    file.version === 1 &&
    Array.isArray(file.keys) &&
    file.keys.length > 0 &&
    file.keys.every(
      (key) =>
        typeof key?.kid === 'string' &&
        typeof key.createdAt === 'string' &&
        typeof key.privateJwk === 'object' &&
        key.privateJwk !== null &&
        typeof key.privateJwk.d === 'string',
    )
  );
}

function invalidFile(file: string, cause?: unknown): AppError {
  return new AppError(
    'internal',
    `The development issuer's key file ${file} is not valid; delete it to generate new keys (tokens already issued stop working).`,
    cause === undefined ? {} : { cause },
  );
}
