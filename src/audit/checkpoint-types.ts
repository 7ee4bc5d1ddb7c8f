/** One session's head as a checkpoint saw it: a leaf of the checkpoint's Merkle tree. */
export interface CheckpointLeaf {
  sessionId: string;
  headSeq: number;
  headHash: string;
}

/** A signature over a checkpoint's hash, made with a key kept outside the data dir. */
export interface CheckpointSignature {
  alg: 'Ed25519';
  /** sha256 (hex) of the public key's SPKI DER: which key signed. */
  keyId: string;
  /** base64 signature over the checkpoint's `hash` (its UTF-8 hex text). */
  value: string;
}

/**
 * A periodic seal over every session head of the store. Checkpoints form their own chain
 * (`prevHash`), hold their leaves (so a deleted session or a truncated tail is found by comparing
 * the store with them) and a Merkle root over the leaves (so one session's inclusion can be proven
 * to an auditor without the others, see `audit export`).
 *
 * `hash = sha256(canonical JSON of the header: every field but leaves, hash and signature)`.
 */
export interface AuditCheckpoint {
  /** 1-based position in the checkpoint chain. */
  seq: number;
  /** ISO 8601 time the checkpoint was taken. */
  ts: string;
  /** Leaves ordered by sessionId. */
  leaves: CheckpointLeaf[];
  /** Number of leaves (sessions sealed). */
  sessions: number;
  /** Total events the leaves cover (sum of headSeq). */
  events: number;
  /** Merkle root (hex) over the leaves, RFC 6962 style (see merkle.ts). */
  root: string;
  /** The previous checkpoint's hash; 64 zeros for the first. */
  prevHash: string;
  hash: string;
  signature?: CheckpointSignature;
}

/** A checkpoint without its leaves: enough to check its hash and signature, and an inclusion proof. */
export type CheckpointHeader = Omit<AuditCheckpoint, 'leaves' | 'hash' | 'signature'>;
