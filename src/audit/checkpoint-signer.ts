import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors/index.ts';
import type { CheckpointSignature } from './checkpoint-types.ts';

/** Signs checkpoint hashes with an Ed25519 key kept outside the data dir. */
export interface CheckpointSigner {
  keyId: string;
  sign(hash: string): CheckpointSignature;
}

/** `child` is `parent` or below it (both resolved). */
function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return (
    relative === '' ||
    !(relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative))
  );
}

/** The path with symbolic links resolved, as far as it exists (a data dir may not exist yet). */
function realPath(target: string): string {
  let existing = target;
  const rest: string[] = [];
  while (!fs.existsSync(existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    rest.unshift(path.basename(existing));
    existing = parent;
  }
  return path.join(fs.realpathSync(existing), ...rest);
}

/** Checks checkpoint signatures with the public half of the signing key. */
export interface CheckpointVerifyKey {
  keyId: string;
  verify(hash: string, signature: CheckpointSignature): boolean;
}

/** sha256 (hex) of the public key's SPKI DER. */
function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

function readKeyFile(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('invalid_argument', `Cannot read the ${what} ${file}.`, { cause: error });
  }
}

/**
 * Loads the signing key (PKCS#8 PEM, Ed25519). A key inside the data dir is refused: whoever can
 * rewrite the log could then re-sign its checkpoints, and the signature would prove nothing.
 */
export function loadCheckpointSigner(file: string, dataDir: string): CheckpointSigner {
  const resolved = path.resolve(file);
  if (isInside(realPath(resolved), realPath(path.resolve(dataDir)))) {
    throw new AppError(
      'invalid_argument',
      `The checkpoint signing key ${file} is inside the data dir; keep it outside, where the log's writer cannot replace it.`,
    );
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readKeyFile(resolved, 'checkpoint signing key'));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('invalid_argument', `${file} is not a PEM private key.`, { cause: error });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new AppError(
      'invalid_argument',
      `${file} is a ${privateKey.asymmetricKeyType} key; checkpoints are signed with Ed25519.`,
    );
  }
  const keyId = keyIdOf(createPublicKey(privateKey));
  return {
    keyId,
    sign: (hash) => ({
      alg: 'Ed25519',
      keyId,
      value: sign(null, Buffer.from(hash, 'utf8'), privateKey).toString('base64'),
    }),
  };
}

/** Loads a verification key from a PEM public key (or a private key, whose public half is used). */
export function loadCheckpointVerifyKey(file: string): CheckpointVerifyKey {
  const text = readKeyFile(file, 'checkpoint verification key');
  let publicKey: KeyObject;
  try {
    publicKey = text.includes('PRIVATE KEY')
      ? createPublicKey(createPrivateKey(text))
      : createPublicKey(text);
  } catch (error) {
    throw new AppError('invalid_argument', `${file} is not a PEM key.`, { cause: error });
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') {
    throw new AppError('invalid_argument', `${file} is not an Ed25519 key.`);
  }
  const keyId = keyIdOf(publicKey);
  return {
    keyId,
    verify(hash, signature) {
      if (signature.alg !== 'Ed25519' || signature.keyId !== keyId) return false;
      try {
        return verify(null, Buffer.from(hash, 'utf8'), publicKey, Buffer.from(signature.value, 'base64'));
      } catch {
        return false;
      }
    },
  };
}

/** Writes a new Ed25519 key pair: FILE (private, mode 0600) and FILE.pub. Refuses to overwrite. */
export function generateCheckpointKey(file: string): {
  privateKeyFile: string;
  publicKeyFile: string;
  keyId: string;
} {
  const publicKeyFile = `${file}.pub`;
  for (const target of [file, publicKeyFile]) {
    if (fs.existsSync(target)) throw new AppError('conflict', `${target} exists; not overwriting a key.`);
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  fs.writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  return { privateKeyFile: file, publicKeyFile, keyId: keyIdOf(publicKey) };
}

/** The signer `SUPPLIER_AGENT_CHECKPOINT_KEY` names, if any (see config's `audit.checkpointKey`). */
export function configuredSigner(
  audit: { checkpointKey?: string | undefined },
  dataDir: string,
): CheckpointSigner | undefined {
  return audit.checkpointKey ? loadCheckpointSigner(audit.checkpointKey, dataDir) : undefined;
}
