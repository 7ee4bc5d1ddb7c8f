import { createHash } from 'node:crypto';

/**
 * A Merkle tree over byte strings, as Certificate Transparency builds it (RFC 6962, section 2.1):
 * leaves hashed with a 0x00 prefix, inner nodes with 0x01, an unbalanced tree split at the largest
 * power of two below the size. Domain separation means no leaf can pass for an inner node.
 */

/** One step of an inclusion proof: a sibling hash and the side it sits on. */
export interface ProofStep {
  side: 'left' | 'right';
  hash: string;
}

const emptyRoot = sha256Hex(Buffer.alloc(0));

export function leafHash(leaf: string): string {
  return sha256Hex(Buffer.concat([Buffer.from([0]), Buffer.from(leaf, 'utf8')]));
}

function nodeHash(left: string, right: string): string {
  return sha256Hex(Buffer.concat([Buffer.from([1]), Buffer.from(left, 'hex'), Buffer.from(right, 'hex')]));
}

/** The root over leaves already hashed with `leafHash`, in order. */
export function merkleRoot(leafHashes: readonly string[]): string {
  if (leafHashes.length === 0) return emptyRoot;
  if (leafHashes.length === 1) return leafHashes[0] as string;
  const split = largestPowerOfTwoBelow(leafHashes.length);
  return nodeHash(merkleRoot(leafHashes.slice(0, split)), merkleRoot(leafHashes.slice(split)));
}

/** The sibling hashes from leaf `index` up to the root, nearest first. */
export function inclusionProof(leafHashes: readonly string[], index: number): ProofStep[] {
  if (!Number.isInteger(index) || index < 0 || index >= leafHashes.length) {
    throw new RangeError(`Leaf ${index} is not in a tree of ${leafHashes.length}.`);
  }
  if (leafHashes.length === 1) return [];
  const split = largestPowerOfTwoBelow(leafHashes.length);
  if (index < split) {
    return [
      ...inclusionProof(leafHashes.slice(0, split), index),
      { side: 'right', hash: merkleRoot(leafHashes.slice(split)) },
    ];
  }
  return [
    ...inclusionProof(leafHashes.slice(split), index - split),
    { side: 'left', hash: merkleRoot(leafHashes.slice(0, split)) },
  ];
}

/** The root a leaf and its proof lead to; equal to the tree's root when the leaf is in it. */
export function rootFromProof(leaf: string, proof: readonly ProofStep[]): string {
  return proof.reduce(
    (hash, step) => (step.side === 'left' ? nodeHash(step.hash, hash) : nodeHash(hash, step.hash)),
    leaf,
  );
}

function largestPowerOfTwoBelow(size: number): number {
  let split = 1;
  while (split * 2 < size) split *= 2;
  return split;
}

function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
