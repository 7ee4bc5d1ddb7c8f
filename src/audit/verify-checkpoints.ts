import { checkpointHash, leafHashes } from './checkpoint.ts';
import type { CheckpointVerifyKey } from './checkpoint-signer.ts';
import type { AuditCheckpoint, CheckpointLeaf } from './checkpoint-types.ts';
import type { AuditEvent } from './event-types.ts';
import { genesisHash } from './hash-chain.ts';
import { merkleRoot } from './merkle.ts';
import type { VerifyFailure, VerifyFailureReason } from './verify-types.ts';

export interface CheckpointContext {
  /** The sessions the store holds now. */
  sessionIds: ReadonlySet<string>;
  /** A session's stored events (already verified as a chain). */
  events(sessionId: string): Promise<AuditEvent[]>;
  verifyKey?: CheckpointVerifyKey;
  expectedCheckpoints?: readonly AuditCheckpoint[];
}

/**
 * Verifies the checkpoint chain (each checkpoint's hash, root, link, signature, and that heads only
 * move forward from one to the next), then the store against every checkpoint: each sealed session
 * must still exist and still hold the sealed head at the sealed seq. Per-session chains catch an
 * edited event; this catches a whole session deleted or a tail cut off with its head rewritten.
 */
export async function verifyCheckpoints(
  checkpoints: readonly AuditCheckpoint[],
  context: CheckpointContext,
): Promise<VerifyFailure | undefined> {
  let previous: AuditCheckpoint | undefined;
  for (const [index, checkpoint] of checkpoints.entries()) {
    const failure = checkOne(checkpoint, index, previous, context.verifyKey);
    if (failure) return failure;
    previous = checkpoint;
  }
  const missing = missingExpected(checkpoints, context.expectedCheckpoints ?? []);
  if (missing) return missing;
  return checkStoreAgainst(checkpoints, context);
}

function fail(
  checkpointSeq: number,
  reason: VerifyFailureReason,
  message: string,
  where: { sessionId?: string; seq?: number } = {},
): VerifyFailure {
  const sessionId = where.sessionId ?? '';
  const place = sessionId
    ? `session ${sessionId}, checkpoint ${checkpointSeq}`
    : `checkpoint ${checkpointSeq}`;
  return {
    ok: false,
    sessionId,
    seq: where.seq ?? 0,
    checkpointSeq,
    reason,
    message: `${place}: ${message}`,
  };
}

function checkOne(
  checkpoint: AuditCheckpoint,
  index: number,
  previous: AuditCheckpoint | undefined,
  verifyKey: CheckpointVerifyKey | undefined,
): VerifyFailure | undefined {
  if (typeof checkpoint !== 'object' || checkpoint === null || Array.isArray(checkpoint)) {
    return fail(
      index + 1,
      'checkpoint-hash-mismatch',
      'the stored checkpoint is not an object: it was edited',
    );
  }
  const seq = checkpoint.seq;
  if (seq !== index + 1 || checkpoint.prevHash !== (previous?.hash ?? genesisHash)) {
    return fail(
      seq,
      'checkpoint-broken-link',
      `does not follow checkpoint ${previous?.seq ?? 0}: a checkpoint was deleted, inserted or renumbered`,
    );
  }
  if (!isSealedShape(checkpoint))
    return fail(seq, 'checkpoint-hash-mismatch', 'the stored checkpoint is malformed: it was edited');
  if (checkpointHash(checkpoint) !== checkpoint.hash) {
    return fail(seq, 'checkpoint-hash-mismatch', 'the stored hash does not match its content: it was edited');
  }
  if (merkleRoot(leafHashes(checkpoint.leaves)) !== checkpoint.root) {
    return fail(seq, 'checkpoint-hash-mismatch', 'its Merkle root does not match its leaves: it was edited');
  }
  if (
    checkpoint.sessions !== checkpoint.leaves.length ||
    checkpoint.events !== checkpoint.leaves.reduce((sum, leaf) => sum + leaf.headSeq, 0)
  ) {
    return fail(
      seq,
      'checkpoint-hash-mismatch',
      'its session or event count does not match its leaves: it was edited',
    );
  }
  if (verifyKey) {
    if (!checkpoint.signature) return fail(seq, 'checkpoint-signature', 'it is not signed');
    if (!verifyKey.verify(checkpoint.hash, checkpoint.signature)) {
      return fail(
        seq,
        'checkpoint-signature',
        `its signature does not verify with key ${verifyKey.keyId.slice(0, 16)}…`,
      );
    }
  }
  if (previous) return checkForward(previous, checkpoint);
  return undefined;
}

/** Heads only move forward: every session of the previous checkpoint, at the same or a later seq. */
function checkForward(previous: AuditCheckpoint, checkpoint: AuditCheckpoint): VerifyFailure | undefined {
  if (checkpoint.ts < previous.ts) {
    return fail(
      checkpoint.seq,
      'checkpoint-replayed',
      `it is dated before checkpoint ${previous.seq}: an old checkpoint was presented again`,
    );
  }
  const now = new Map(checkpoint.leaves.map((leaf) => [leaf.sessionId, leaf]));
  for (const before of previous.leaves) {
    const after = now.get(before.sessionId);
    const backwards =
      !after ||
      after.headSeq < before.headSeq ||
      (after.headSeq === before.headSeq && after.headHash !== before.headHash);
    if (backwards) {
      return fail(
        checkpoint.seq,
        'checkpoint-replayed',
        `it seals an older state than checkpoint ${previous.seq} (session ${before.sessionId} was at seq ${before.headSeq}): an old checkpoint was presented again`,
      );
    }
  }
  return undefined;
}

function missingExpected(
  stored: readonly AuditCheckpoint[],
  expected: readonly AuditCheckpoint[],
): VerifyFailure | undefined {
  for (const outside of expected) {
    const inside = stored[outside.seq - 1];
    if (!inside || inside.hash !== outside.hash) {
      return fail(
        outside.seq,
        'checkpoint-broken-link',
        inside
          ? 'the store holds a different checkpoint than the one exported earlier: the chain was rewritten'
          : `the store holds ${stored.length} checkpoints; this exported one is gone: the log was cut back`,
      );
    }
  }
  return undefined;
}

async function checkStoreAgainst(
  checkpoints: readonly AuditCheckpoint[],
  context: CheckpointContext,
): Promise<VerifyFailure | undefined> {
  const hashes = new Map<string, string[]>();
  const hashesOf = async (sessionId: string) => {
    let known = hashes.get(sessionId);
    if (!known) {
      known = (await context.events(sessionId)).map((event) => event.hash);
      hashes.set(sessionId, known);
    }
    return known;
  };
  for (const checkpoint of checkpoints) {
    for (const leaf of checkpoint.leaves) {
      const failure = await checkLeaf(checkpoint.seq, leaf, context, hashesOf);
      if (failure) return failure;
    }
  }
  return undefined;
}

async function checkLeaf(
  checkpointSeq: number,
  leaf: CheckpointLeaf,
  context: CheckpointContext,
  hashesOf: (sessionId: string) => Promise<string[]>,
): Promise<VerifyFailure | undefined> {
  const where = { sessionId: leaf.sessionId, seq: leaf.headSeq };
  if (!context.sessionIds.has(leaf.sessionId)) {
    return fail(
      checkpointSeq,
      'session-deleted',
      `the checkpoint sealed ${leaf.headSeq} events of this session; the store has none: the session was deleted`,
      where,
    );
  }
  const stored = await hashesOf(leaf.sessionId);
  if (stored.length < leaf.headSeq) {
    return fail(
      checkpointSeq,
      'checkpoint-mismatch',
      `the checkpoint sealed seq ${leaf.headSeq}; the store holds ${stored.length} events: the tail was truncated`,
      where,
    );
  }
  if (stored[leaf.headSeq - 1] !== leaf.headHash) {
    return fail(
      checkpointSeq,
      'checkpoint-mismatch',
      `the event at seq ${leaf.headSeq} is not the one the checkpoint sealed: the session was rewritten`,
      where,
    );
  }
  return undefined;
}

function isSealedShape(checkpoint: AuditCheckpoint): boolean {
  return (
    Array.isArray(checkpoint.leaves) &&
    checkpoint.leaves.every(
      (leaf) =>
        typeof leaf?.sessionId === 'string' &&
        Number.isInteger(leaf.headSeq) &&
        typeof leaf.headHash === 'string',
    ) &&
    typeof checkpoint.hash === 'string' &&
    typeof checkpoint.root === 'string' &&
    typeof checkpoint.ts === 'string'
  );
}
