import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inclusionProof, leafHash, merkleRoot, type ProofStep, rootFromProof } from './merkle.ts';

/**
 * The tree as RFC 6962 section 2.1 defines it, written out on raw bytes, independently of merkle.ts:
 * MTH({}) = SHA-256(), MTH({d}) = SHA-256(0x00 || d), and for n > 1, with k the largest power of two
 * smaller than n, MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])).
 */
function sha256(...parts: Buffer[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

function referenceRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return sha256(Buffer.from([0x00]), leaves[0] as Buffer);
  let k = 1;
  while (k << 1 < leaves.length) k <<= 1;
  return sha256(Buffer.from([0x01]), referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

/**
 * The inclusion check of RFC 9162 section 2.1.3.2: it walks the path by the leaf's index and the
 * tree's size alone, ignoring the proof's `side` labels, so it checks the order and sides merkle.ts
 * produced against the standard's.
 */
function rfcVerifyInclusion(
  leafIndex: number,
  treeSize: number,
  leaf: Buffer,
  path: readonly ProofStep[],
  root: Buffer,
): boolean {
  if (leafIndex >= treeSize) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = sha256(Buffer.from([0x00]), leaf);
  for (const step of path) {
    const p = Buffer.from(step.hash, 'hex');
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = sha256(Buffer.from([0x01]), p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = sha256(Buffer.from([0x01]), r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && r.equals(root);
}

/** Leaf texts for a tree of `size`; distinct, with one non-ASCII leaf to exercise UTF-8. */
function leafTexts(size: number): string[] {
  return Array.from({ length: size }, (_, index) => (index === 2 ? 'sessión-2 ✓' : `leaf-${index}`));
}

/**
 * The Certificate Transparency test vectors (the leaves of RFC 6962's reference test suite, given as
 * hex bytes, every one ASCII, so a UTF-8 string carries them unchanged) and the root of the first
 * n leaves for n = 1..8.
 */
const ctLeaves = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];
const ctRoots = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('merkle tree (RFC 6962)', () => {
  it('hashes the empty tree as SHA-256 of nothing', () => {
    expect(merkleRoot([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it.each(ctRoots.map((root, index) => [index + 1, root] as const))(
    'matches the Certificate Transparency root of %i leaves',
    (size, root) => {
      const texts = ctLeaves.slice(0, size).map((hex) => Buffer.from(hex, 'hex').toString('utf8'));
      expect(merkleRoot(texts.map(leafHash))).toBe(root);
    },
  );

  it.each(Array.from({ length: 10 }, (_, size) => size))(
    'matches the reference root over %i leaves',
    (size) => {
      const texts = leafTexts(size);
      const expected = referenceRoot(texts.map((text) => Buffer.from(text, 'utf8'))).toString('hex');
      expect(merkleRoot(texts.map(leafHash))).toBe(expected);
    },
  );

  it('separates leaves from inner nodes (0x00 and 0x01 prefixes)', () => {
    const [a, b] = [leafHash('a'), leafHash('b')];
    expect(a).toBe(sha256(Buffer.from('\u0000a', 'utf8')).toString('hex'));
    const pair = Buffer.concat([Buffer.from(a, 'hex'), Buffer.from(b, 'hex')]);
    expect(merkleRoot([a, b])).toBe(sha256(Buffer.from([0x01]), pair).toString('hex'));
    expect(merkleRoot([a, b])).not.toBe(sha256(pair).toString('hex'));
    expect(merkleRoot([a])).toBe(a);
  });

  it('changes the root when a leaf changes, is added, or two leaves swap', () => {
    const hashes = leafTexts(5).map(leafHash);
    const root = merkleRoot(hashes);
    expect(merkleRoot(hashes.with(3, leafHash('leaf-3 edited')))).not.toBe(root);
    expect(merkleRoot([...hashes, leafHash('leaf-5')])).not.toBe(root);
    expect(merkleRoot(hashes.slice(0, 4))).not.toBe(root);
    const swapped = [...hashes];
    [swapped[1], swapped[2]] = [swapped[2] as string, swapped[1] as string];
    expect(merkleRoot(swapped)).not.toBe(root);
  });
});

describe('merkle inclusion proofs', () => {
  const sizes = Array.from({ length: 9 }, (_, index) => index + 1);

  it.each(sizes)('every leaf of a tree of %i has a proof leading to the root', (size) => {
    const hashes = leafTexts(size).map(leafHash);
    const root = merkleRoot(hashes);
    for (const [index, hash] of hashes.entries()) {
      const proof = inclusionProof(hashes, index);
      expect(rootFromProof(hash, proof)).toBe(root);
      // The standard's own check, from index and size, agrees with the path's order and sides.
      expect(
        rfcVerifyInclusion(
          index,
          size,
          Buffer.from(leafTexts(size)[index] as string, 'utf8'),
          proof,
          Buffer.from(root, 'hex'),
        ),
      ).toBe(true);
      // A path is never longer than the tree is deep.
      expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(size)));
    }
  });

  it.each(sizes.filter((size) => size > 1))(
    "in a tree of %i, no leaf passes with another leaf's proof",
    (size) => {
      const hashes = leafTexts(size).map(leafHash);
      const root = merkleRoot(hashes);
      for (const [index, hash] of hashes.entries()) {
        for (const other of hashes.keys()) {
          if (other === index) continue;
          expect(rootFromProof(hash, inclusionProof(hashes, other))).not.toBe(root);
        }
        // Nor does a leaf that is not in the tree pass with a real proof.
        expect(rootFromProof(leafHash('not-a-leaf'), inclusionProof(hashes, index))).not.toBe(root);
      }
    },
  );

  it.each(sizes.filter((size) => size > 1))(
    'in a tree of %i, a tampered sibling, a flipped side or a dropped step fails',
    (size) => {
      const hashes = leafTexts(size).map(leafHash);
      const root = merkleRoot(hashes);
      for (const [index, hash] of hashes.entries()) {
        const proof = inclusionProof(hashes, index);
        for (const [step, sibling] of proof.entries()) {
          const tampered = proof.with(step, { ...sibling, hash: flipFirstNibble(sibling.hash) });
          expect(rootFromProof(hash, tampered)).not.toBe(root);
          const flipped = proof.with(step, {
            ...sibling,
            side: sibling.side === 'left' ? 'right' : 'left',
          });
          expect(rootFromProof(hash, flipped)).not.toBe(root);
          expect(rootFromProof(hash, proof.toSpliced(step, 1))).not.toBe(root);
        }
      }
    },
  );

  it('a single leaf is its own root, with an empty proof', () => {
    const hash = leafHash('only');
    expect(inclusionProof([hash], 0)).toEqual([]);
    expect(rootFromProof(hash, [])).toBe(merkleRoot([hash]));
  });

  it.each([-1, 3, 1.5, Number.NaN])('refuses a proof for leaf %s of a tree of 3', (index) => {
    const hashes = leafTexts(3).map(leafHash);
    expect(() => inclusionProof(hashes, index)).toThrow(RangeError);
  });

  it('refuses a proof in an empty tree', () => {
    expect(() => inclusionProof([], 0)).toThrow(RangeError);
  });
});

function flipFirstNibble(hex: string): string {
  return `${hex[0] === '0' ? '1' : '0'}${hex.slice(1)}`;
}
