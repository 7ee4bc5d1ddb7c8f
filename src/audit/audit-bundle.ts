import { AppError } from '../errors/index.ts';
import { checkpointHash, leafHashes, leafText } from './checkpoint.ts';
import type { CheckpointVerifyKey } from './checkpoint-signer.ts';
import type {
  AuditCheckpoint,
  CheckpointHeader,
  CheckpointLeaf,
  CheckpointSignature,
} from './checkpoint-types.ts';
import type { AuditEvent } from './event-types.ts';
import { inclusionProof, leafHash, type ProofStep, rootFromProof } from './merkle.ts';
import { type VerifyResult, verifySession } from './verify.ts';

export const auditBundleFormat = 'supplier-agent-audit-bundle';

/**
 * A self-contained, verifiable record of one session for an auditor: its events, the checkpoint
 * that seals its head (header only: other sessions stay private) and the Merkle inclusion proof
 * that links the head to the checkpoint's root. `verifyAuditBundle` needs nothing else, except the
 * public key when the checkpoint is signed.
 */
export interface AuditBundle {
  format: typeof auditBundleFormat;
  version: 1;
  sessionId: string;
  exportedAt: string;
  events: AuditEvent[];
  checkpoint: CheckpointHeader & { hash: string; signature?: CheckpointSignature };
  proof: { leaf: CheckpointLeaf; index: number; path: ProofStep[] };
}

/** Builds the bundle from a session's events and a checkpoint that seals their last event. */
export function buildAuditBundle(
  events: AuditEvent[],
  checkpoint: AuditCheckpoint,
  exportedAt: string,
): AuditBundle {
  const last = events.at(-1);
  if (!last) throw new AppError('not_found', 'The session has no events to export.');
  const index = checkpoint.leaves.findIndex((leaf) => leaf.sessionId === last.sessionId);
  const leaf = checkpoint.leaves[index];
  if (!leaf || leaf.headSeq !== last.seq || leaf.headHash !== last.hash) {
    throw new AppError('conflict', `Checkpoint ${checkpoint.seq} does not seal the session's last event.`);
  }
  const { leaves, ...header } = checkpoint;
  return {
    format: auditBundleFormat,
    version: 1,
    sessionId: last.sessionId,
    exportedAt,
    events,
    checkpoint: header,
    proof: { leaf, index, path: inclusionProof(leafHashes(leaves), index) },
  };
}

/**
 * Verifies a bundle on its own: the events form one unbroken chain; their last event is the proven
 * leaf; the proof leads to the checkpoint's root; the checkpoint's hash matches its header; and,
 * with a key, the signature verifies.
 */
export function verifyAuditBundle(bundle: unknown, key?: CheckpointVerifyKey): VerifyResult {
  const shaped = asBundle(bundle);
  const sessionId = shaped.sessionId;
  const chain = verifySession(shaped.events, { sessionId });
  if (!chain.ok) return chain;
  const last = shaped.events.at(-1);
  const { leaf, path } = shaped.proof;
  const fail = (
    reason: 'checkpoint-mismatch' | 'checkpoint-hash-mismatch' | 'checkpoint-signature',
    message: string,
  ) =>
    ({
      ok: false,
      sessionId,
      seq: last?.seq ?? 0,
      checkpointSeq: shaped.checkpoint.seq,
      reason,
      message: `session ${sessionId}, checkpoint ${shaped.checkpoint.seq}: ${message}`,
    }) as const;
  if (!last || leaf.sessionId !== sessionId || leaf.headSeq !== last.seq || leaf.headHash !== last.hash) {
    return fail(
      'checkpoint-mismatch',
      'the proven leaf is not the last event of the bundle: events were added or removed',
    );
  }
  if (rootFromProof(leafHash(leafText(leaf)), path) !== shaped.checkpoint.root) {
    return fail('checkpoint-mismatch', "the inclusion proof does not lead to the checkpoint's root");
  }
  if (checkpointHash(shaped.checkpoint) !== shaped.checkpoint.hash) {
    return fail('checkpoint-hash-mismatch', "the checkpoint's hash does not match its header: it was edited");
  }
  if (key) {
    const signature = shaped.checkpoint.signature;
    if (!signature) return fail('checkpoint-signature', 'the checkpoint is not signed');
    if (!key.verify(shaped.checkpoint.hash, signature)) {
      return fail(
        'checkpoint-signature',
        `the signature does not verify with key ${key.keyId.slice(0, 16)}…`,
      );
    }
  }
  return { ok: true, sessions: 1, events: shaped.events.length, checkpoints: 1 };
}

function asBundle(value: unknown): AuditBundle {
  const bundle = value as Partial<AuditBundle> | null;
  const valid =
    typeof bundle === 'object' &&
    bundle !== null &&
    bundle.format === auditBundleFormat &&
    bundle.version === 1 &&
    typeof bundle.sessionId === 'string' &&
    Array.isArray(bundle.events) &&
    typeof bundle.checkpoint === 'object' &&
    bundle.checkpoint !== null &&
    typeof bundle.proof?.leaf === 'object' &&
    bundle.proof.leaf !== null &&
    Array.isArray(bundle.proof.path) &&
    bundle.events.every(isEventShaped) &&
    bundle.proof.path.every(
      (step) =>
        typeof step === 'object' &&
        step !== null &&
        (step.side === 'left' || step.side === 'right') &&
        typeof step.hash === 'string' &&
        /^[0-9a-f]{64}$/.test(step.hash),
    );
  if (!valid) {
    throw new AppError(
      'invalid_argument',
      `Not an audit bundle (expected format "${auditBundleFormat}", version 1).`,
    );
  }
  return bundle as AuditBundle;
}

function isEventShaped(event: unknown): boolean {
  if (typeof event !== 'object' || event === null) return false;
  const { sessionId, seq, type, ts, payload, prevHash, hash } = event as Record<string, unknown>;
  return (
    typeof sessionId === 'string' &&
    Number.isInteger(seq) &&
    typeof type === 'string' &&
    typeof ts === 'string' &&
    typeof payload === 'object' &&
    payload !== null &&
    typeof prevHash === 'string' &&
    typeof hash === 'string'
  );
}
