import { createGunzip, type ZlibOptions } from 'node:zlib';
import { Readable } from 'node:stream';
import { Decompress as ZstdDecompress } from 'fzstd';
import { CertificationError } from '../../errors';
import { limitExceeded, type ImageLimits } from '../limits';
import { ZstdFrameScanner } from './zstd-frames';

export type Compression = 'gzip' | 'zstd' | 'none';

export interface DecompressOptions {
  limits: ImageLimits;
  /** Names the layer in errors, e.g. `layer 2 (sha256:…)`. */
  where: string;
  mediaType?: string;
  /** Declared compressed size (the descriptor's), the denominator of the ratio check. */
  compressedSize?: number;
  /** Uncompressed bytes already read from earlier layers, for maxUncompressedBytes. */
  uncompressedBefore?: number;
  signal?: AbortSignal;
  /** Called with each compressed chunk's length as it is read. */
  onBytes?: (n: number) => void;
}

export interface DecompressedLayer {
  compression: Compression;
  /** What the media type said, when it disagreed with the magic bytes. */
  declared?: Compression;
  chunks: AsyncGenerator<Buffer>;
  /** Compressed and uncompressed bytes seen so far (final once `chunks` is drained). */
  readonly counts: { compressed: number; uncompressed: number };
}

// Small layers (an empty tar is 10 KiB of zeros and gzips to ~40 bytes) would trip any ratio, and
// are harmless; a bomb is about gigabytes, so the ratio only applies past this many bytes.
export const RATIO_GRACE_BYTES = 1024 * 1024;
// zstd's own decoder refuses windows above 2^27 unless told otherwise; fzstd would allocate any
// window a frame header asks for (up to 2 GiB), so we check every frame header first.
export const MAX_ZSTD_WINDOW = 2 ** 27;
const GUNZIP_CHUNK = 64 * 1024;
const YIELD_BYTES = 1024 * 1024;
const GUNZIP_READ_AHEAD = 1024 * 1024;

export function compressionFromMediaType(mediaType: string | undefined): Compression | undefined {
  if (!mediaType) return undefined;
  if (/(\+|\.)gzip$/.test(mediaType)) return 'gzip';
  if (/\+zstd$/.test(mediaType)) return 'zstd';
  if (/(\.|\+)?tar$/.test(mediaType)) return 'none';
  return undefined;
}

export function compressionFromMagic(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

type Source = AsyncIterable<Buffer | Uint8Array | string> | NodeJS.ReadableStream | Iterable<Buffer>;

function toBuffer(raw: Buffer | Uint8Array | string): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  return typeof raw === 'string' ? Buffer.from(raw) : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
}

type Chunk = Buffer | Uint8Array | string;

// Streams and async generators are async iterables; plain arrays of buffers are accepted too.
function asyncIterator(source: Source | Iterable<Chunk>): AsyncIterator<Chunk> {
  const asyncIt = (source as AsyncIterable<Chunk>)[Symbol.asyncIterator];
  if (typeof asyncIt === 'function') return asyncIt.call(source);
  const syncIt = (source as Iterable<Chunk>)[Symbol.iterator];
  if (typeof syncIt === 'function') {
    const it = syncIt.call(source);
    return { next: async () => it.next(), return: async () => ({ done: true, value: undefined }) };
  }
  throw new CertificationError('INTERNAL', 'expected the layer stream to be an async iterable or a readable stream');
}

function aborted(where: string): CertificationError {
  return new CertificationError('ABORTED', `reading ${where} was aborted`);
}

/**
 * Detects the layer's compression (magic bytes win over the media type) and returns its
 * uncompressed bytes as a stream. Ratio and size ceilings are checked on every output chunk, so a
 * bomb stops after at most one chunk beyond the ceiling.
 */
export async function openLayer(source: Source, opts: DecompressOptions): Promise<DecompressedLayer> {
  const it = asyncIterator(source);
  const counts = { compressed: 0, uncompressed: 0 };
  // Peek until we have enough bytes for the longest magic (4) or the stream ends.
  const head: Buffer[] = [];
  let headLength = 0;
  let ended = false;
  while (headLength < 4) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    const b = toBuffer(r.value);
    head.push(b);
    headLength += b.length;
  }
  const compression = compressionFromMagic(head.length === 1 ? head[0]! : Buffer.concat(head));
  const declaredType = compressionFromMediaType(opts.mediaType);
  const declared = declaredType !== undefined && declaredType !== compression ? declaredType : undefined;

  async function* compressed(): AsyncGenerator<Buffer> {
    try {
      for (const b of head) {
        counts.compressed += b.length;
        opts.onBytes?.(b.length);
        yield b;
      }
      if (ended) return;
      for (;;) {
        if (opts.signal?.aborted) throw aborted(opts.where);
        const r = await it.next();
        if (r.done) return;
        const b = toBuffer(r.value);
        counts.compressed += b.length;
        opts.onBytes?.(b.length);
        yield b;
      }
    } finally {
      if (!ended) await it.return?.();
    }
  }

  const check = makeCeilingCheck(opts, counts, compression);
  let chunks: AsyncGenerator<Buffer>;
  if (compression === 'gzip') chunks = gunzip(compressed(), opts, check);
  else if (compression === 'zstd') chunks = unzstd(compressed(), opts, check);
  else chunks = plain(compressed(), check);
  return { compression, declared, chunks, counts };
}

function makeCeilingCheck(opts: DecompressOptions, counts: DecompressedLayer['counts'], compression: Compression) {
  const { limits, where } = opts;
  const before = opts.uncompressedBefore ?? 0;
  return (n: number): void => {
    counts.uncompressed += n;
    if (opts.signal?.aborted) throw aborted(where);
    if (before + counts.uncompressed > limits.maxUncompressedBytes) {
      throw limitExceeded('maxUncompressedBytes', limits.maxUncompressedBytes, before + counts.uncompressed, where);
    }
    if (compression !== 'none' && counts.uncompressed > RATIO_GRACE_BYTES) {
      const denominator = Math.max(opts.compressedSize ?? 0, counts.compressed, 1);
      if (counts.uncompressed > limits.maxCompressionRatio * denominator) {
        throw limitExceeded(
          'maxCompressionRatio',
          limits.maxCompressionRatio,
          Math.floor(counts.uncompressed / denominator),
          `${where}: ${counts.uncompressed} bytes out of ${denominator} compressed`,
        );
      }
    }
  };
}

async function* plain(source: AsyncGenerator<Buffer>, check: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    check(chunk.length);
    yield chunk;
  }
}

async function* gunzip(source: AsyncGenerator<Buffer>, opts: DecompressOptions, check: (n: number) => void): AsyncGenerator<Buffer> {
  // Node's gunzip continues into concatenated members (pigz, multi-member layers) by itself.
  // A deep read-ahead lets zlib (on the libuv pool) inflate the next chunks while this thread hashes and parses.
  const inflater = createGunzip({ chunkSize: GUNZIP_CHUNK, readableHighWaterMark: GUNZIP_READ_AHEAD } as ZlibOptions);
  const input = Readable.from(source, { objectMode: false });
  let sourceError: unknown;
  input.on('error', (e) => {
    sourceError = e;
    inflater.destroy(e);
  });
  input.pipe(inflater);
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      check(chunk.length);
      yield chunk;
    }
  } catch (e) {
    const cause = sourceError ?? e;
    if (cause instanceof CertificationError) throw cause;
    if (cause instanceof Error && cause.name === 'AbortError') throw aborted(opts.where);
    const code = (cause as NodeJS.ErrnoException).code;
    const truncated = code === 'Z_BUF_ERROR' || /unexpected end/i.test(String((cause as Error).message));
    throw new CertificationError(
      'LAYER_INVALID',
      truncated
        ? `${opts.where}: gzip stream is truncated (expected the end of the deflate stream and its trailer, got end of data)`
        : `${opts.where}: expected a valid gzip stream, got ${(cause as Error).message}`,
      { cause: String(cause) },
    );
  } finally {
    input.destroy();
    inflater.destroy();
  }
}

async function* unzstd(source: AsyncGenerator<Buffer>, opts: DecompressOptions, check: (n: number) => void): AsyncGenerator<Buffer> {
  const scanner = new ZstdFrameScanner(opts.where, MAX_ZSTD_WINDOW);
  let out: Buffer[] = [];
  let outBytes = 0;
  // fzstd calls ondata once per block, synchronously inside push(); throwing there (a ceiling)
  // unwinds push() at once, so a bomb never inflates more than one block past the limit.
  const decoder = new ZstdDecompress((data) => {
    if (data.length === 0) return;
    check(data.length);
    out.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    outBytes += data.length;
  });
  const invalid = (e: unknown): CertificationError => {
    if (e instanceof CertificationError) return e;
    const eof = (e as { code?: number }).code === 5;
    return new CertificationError(
      'LAYER_INVALID',
      eof
        ? `${opts.where}: zstd stream is truncated (expected the rest of the frame, got end of data)`
        : `${opts.where}: expected a valid zstd stream, got ${(e as Error).message}`,
    );
  };
  for await (const chunk of source) {
    let ends: number[];
    try {
      ends = scanner.push(chunk);
    } catch (e) {
      throw invalid(e);
    }
    let start = 0;
    ends.push(chunk.length);
    for (const end of ends) {
      if (end <= start) continue;
      try {
        decoder.push(chunk.subarray(start, end), false);
      } catch (e) {
        throw invalid(e);
      }
      start = end;
      // Yield whenever a megabyte is ready so run-length blocks never pile up in memory.
      if (outBytes >= YIELD_BYTES) {
        const ready = out;
        out = [];
        outBytes = 0;
        for (const b of ready) yield b;
      }
    }
  }
  for (const b of out) yield b;
  out = [];
  try {
    scanner.end();
    decoder.push(new Uint8Array(0), true);
  } catch (e) {
    throw invalid(e);
  }
  for (const b of out) yield b;
}
