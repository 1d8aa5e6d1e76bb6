import { createHash, type Hash } from 'node:crypto';
import { CertificationError } from '../errors';
import { limitExceeded } from './limits';

export type DigestAlgorithm = 'sha256' | 'sha512';

const HEX_LENGTH: Record<DigestAlgorithm, number> = { sha256: 64, sha512: 128 };

export function parseDigest(digest: string, where = 'digest'): { algorithm: DigestAlgorithm; hex: string } {
  const m = /^(sha256|sha512):([a-f0-9]+)$/.exec(digest);
  const algorithm = m?.[1] as DigestAlgorithm | undefined;
  if (!m || !algorithm || m[2]!.length !== HEX_LENGTH[algorithm]) {
    throw new CertificationError(
      'MANIFEST_INVALID',
      `${where}: expected a digest like sha256:<64 hex> or sha512:<128 hex>, got "${digest.slice(0, 150)}"`,
      { digest },
    );
  }
  return { algorithm, hex: m[2]! };
}

export function digestOf(bytes: Buffer | Uint8Array, algorithm: DigestAlgorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

export interface ExpectedBlob {
  digest: string;
  /** Declared size; when absent only the digest is checked (plus `maxBytes`). */
  size?: number;
}

export interface VerifyOptions {
  /** Names the blob in errors, e.g. `layer 2 of docker://host/ns/name@sha256:…`. */
  where: string;
  /** A ceiling independent of the declared size (for manifests read without a descriptor). */
  maxBytes?: number;
  maxBytesLimit?: 'maxManifestBytes' | 'maxCompressedBytes';
  signal?: AbortSignal;
  onBytes?: (n: number) => void;
}

/**
 * Passes the bytes of `source` through while hashing and counting them. A size overflow fails at
 * the chunk that crosses it; a short blob or a wrong digest fails when the source ends.
 */
export async function* verifyBlob(
  source: AsyncIterable<Buffer | Uint8Array | string>,
  expected: ExpectedBlob,
  opts: VerifyOptions,
): AsyncGenerator<Buffer> {
  const { algorithm, hex } = parseDigest(expected.digest, opts.where);
  const hash: Hash = createHash(algorithm);
  let seen = 0;
  for await (const raw of source) {
    opts.signal?.throwIfAborted();
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    seen += chunk.length;
    if (expected.size !== undefined && seen > expected.size) {
      throw sizeMismatch(opts.where, expected, `more than ${expected.size} (at least ${seen})`);
    }
    if (opts.maxBytes !== undefined && seen > opts.maxBytes) {
      throw limitExceeded(opts.maxBytesLimit ?? 'maxManifestBytes', opts.maxBytes, seen, opts.where);
    }
    hash.update(chunk);
    opts.onBytes?.(chunk.length);
    yield chunk;
  }
  if (expected.size !== undefined && seen !== expected.size) {
    throw sizeMismatch(opts.where, expected, String(seen));
  }
  const actual = hash.digest('hex');
  if (actual !== hex) {
    throw new CertificationError(
      'DIGEST_MISMATCH',
      `${opts.where}: expected digest ${expected.digest}, got ${algorithm}:${actual}`,
      { expected: expected.digest, actual: `${algorithm}:${actual}` },
    );
  }
}

function sizeMismatch(where: string, expected: ExpectedBlob, got: string): CertificationError {
  return new CertificationError(
    'SIZE_MISMATCH',
    `${where}: expected ${expected.size} bytes for ${expected.digest}, got ${got}`,
    { digest: expected.digest, expected: expected.size },
  );
}

/** Reads a small blob (manifest, config, signature) fully, verified, refusing more than `maxBytes`. */
export async function readVerified(
  source: AsyncIterable<Buffer | Uint8Array | string>,
  expected: ExpectedBlob,
  opts: VerifyOptions & { maxBytes: number },
): Promise<Buffer> {
  if (expected.size !== undefined && expected.size > opts.maxBytes) {
    throw limitExceeded(opts.maxBytesLimit ?? 'maxManifestBytes', opts.maxBytes, expected.size, opts.where);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of verifyBlob(source, expected, opts)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Reads a stream fully up to `maxBytes` (for bodies that have no digest to check against). */
export async function readBounded(
  source: AsyncIterable<Buffer | Uint8Array | string>,
  maxBytes: number,
  where: string,
  limit: 'maxManifestBytes' | 'maxCompressedBytes' = 'maxManifestBytes',
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let seen = 0;
  for await (const raw of source) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : Buffer.from(raw);
    seen += chunk.length;
    if (seen > maxBytes) {
      (source as unknown as { destroy?: () => void }).destroy?.();
      throw limitExceeded(limit, maxBytes, seen, where);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
