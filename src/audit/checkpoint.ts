import { createHash } from 'node:crypto';
import { AppError } from '../errors/index.ts';
import { canonicalJson } from './canonical-json.ts';
import type { AuditCheckpoint, CheckpointHeader, CheckpointLeaf } from './checkpoint-types.ts';
import type { AuditSessionHead } from './event-types.ts';
import { genesisHash } from './hash-chain.ts';
import { leafHash, merkleRoot } from './merkle.ts';

/** The canonical text of a leaf, as the Merkle tree hashes it. */
export function leafText(leaf: CheckpointLeaf): string {
  return canonicalJson({ headHash: leaf.headHash, headSeq: leaf.headSeq, sessionId: leaf.sessionId });
}

export function leafHashes(leaves: readonly CheckpointLeaf[]): string[] {
  return leaves.map((leaf) => leafHash(leafText(leaf)));
}

/**
 * sha256 over the canonical JSON of the checkpoint's header: every field but `leaves` (the root
 * commits to them), `hash` and `signature`. A header alone can thus be checked, and its signature
 * verified, without the other sessions' leaves (what an exported bundle carries).
 */
export function checkpointHash(checkpoint: CheckpointHeader): string {
  const { seq, ts, sessions, events, root, prevHash } = checkpoint;
  const text = canonicalJson({ seq, ts, sessions, events, root, prevHash });
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Builds the next checkpoint over these heads, chained to `previous` (unsigned). */
export function buildCheckpoint(
  heads: readonly AuditSessionHead[],
  previous: AuditCheckpoint | undefined,
  ts: string,
): AuditCheckpoint {
  const leaves = heads
    .map((head) => ({ sessionId: head.sessionId, headSeq: head.headSeq, headHash: head.headHash }))
    .sort((a, b) => (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0));
  const unhashed = {
    seq: (previous?.seq ?? 0) + 1,
    ts,
    leaves,
    sessions: leaves.length,
    events: leaves.reduce((sum, leaf) => sum + leaf.headSeq, 0),
    root: merkleRoot(leafHashes(leaves)),
    prevHash: previous?.hash ?? genesisHash,
  };
  return { ...unhashed, hash: checkpointHash(unhashed) };
}

/** True when `checkpoint` seals exactly the same heads as `previous` (nothing to add). */
export function sameHeads(
  checkpoint: readonly CheckpointLeaf[],
  previous: AuditCheckpoint | undefined,
): boolean {
  if (!previous || previous.leaves.length !== checkpoint.length) return false;
  return checkpoint.every((leaf, index) => {
    const other = previous.leaves[index];
    return (
      other?.sessionId === leaf.sessionId &&
      other.headSeq === leaf.headSeq &&
      other.headHash === leaf.headHash
    );
  });
}

/** A stored checkpoint body; an unreadable one is an edit, named by its seq. */
export function parseCheckpoint(seq: number, body: string): AuditCheckpoint {
  try {
    return JSON.parse(body) as AuditCheckpoint;
  } catch (error) {
    throw new AppError('internal', `Audit checkpoint #${seq} is not JSON: the store was altered.`, {
      details: { checkpointSeq: seq, unreadable: 'checkpoint' },
      cause: error,
    });
  }
}
