import { CertificationError } from '../errors';

// Ceilings that keep a hostile or accidental monster image from exhausting memory, disk or time.
// Every reader checks them while streaming and stops with LIMIT_EXCEEDED naming the ceiling.
export interface ImageLimits {
  /** Largest manifest, index or config JSON accepted, in bytes. */
  maxManifestBytes: number;
  maxLayers: number;
  /** Sum of compressed layer sizes. */
  maxCompressedBytes: number;
  /** Sum of uncompressed tar bytes over all layers. */
  maxUncompressedBytes: number;
  /** Tar entries over all layers. */
  maxEntries: number;
  maxPathLength: number;
  maxPaxHeaderBytes: number;
  /** Uncompressed / compressed bytes of one layer (gzip and zstd bombs). */
  maxCompressionRatio: number;
  /** Whole read of one image, in milliseconds. */
  maxDurationMs: number;
  /** Largest file whose content a consumer may ask to keep in memory. */
  maxCapturedFileBytes: number;
  /** Sum of captured file contents. */
  maxCapturedTotalBytes: number;
}

export const DEFAULT_LIMITS: ImageLimits = {
  maxManifestBytes: 4 * 1024 * 1024,
  maxLayers: 256,
  maxCompressedBytes: 20 * 1024 ** 3,
  maxUncompressedBytes: 60 * 1024 ** 3,
  maxEntries: 2_000_000,
  maxPathLength: 4096,
  maxPaxHeaderBytes: 1024 * 1024,
  maxCompressionRatio: 200,
  maxDurationMs: 30 * 60 * 1000,
  maxCapturedFileBytes: 8 * 1024 * 1024,
  maxCapturedTotalBytes: 256 * 1024 * 1024,
};

export function resolveLimits(overrides?: Partial<ImageLimits>): ImageLimits {
  return { ...DEFAULT_LIMITS, ...overrides };
}

export function limitExceeded(name: keyof ImageLimits, limit: number, value: number, where?: string): CertificationError {
  const at = where ? ` (${where})` : '';
  return new CertificationError('LIMIT_EXCEEDED', `${name} exceeded${at}: limit ${limit}, got ${value}`, {
    limit: name,
    max: limit,
    value,
  });
}
