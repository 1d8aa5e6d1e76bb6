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
  /**
   * Uncompressed bytes already read from earlier layers, for maxUncompressedBytes. A function is
   * asked at every chunk, so a layer opened ahead of time sees the total of the layers before it.
   */
  uncompressedBefore?: number | (() => number);
  /**
   * Uncompressed bytes gzip may inflate before anyone reads them (default 8 MiB). Ceilings are
   * checked as chunks are read, so this bounds memory, not what a limit lets through.
   */
  readAhead?: number;
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
  /** Stops reading and frees the inflater; for a layer given up before (or while) it is read. */
  close(): void;
}

// Small layers (an empty tar is 10 KiB of zeros and gzips to ~40 bytes) would trip any ratio, and
// are harmless; a bomb is about gigabytes, so the ratio only applies past this many bytes.
export const RATIO_GRACE_BYTES = 1024 * 1024;
// zstd's own decoder refuses windows above 2^27 unless told otherwise; fzstd would allocate any
// window a frame header asks for (up to 2 GiB), so we check every frame header first.
export const MAX_ZSTD_WINDOW = 2 ** 27;
// Large output chunks: fewer callbacks and allocations per byte (less GC) than zlib's 16 KiB default.
const GUNZIP_CHUNK = 1024 * 1024;
const CHECK_STEP = 64 * 1024;
const YIELD_BYTES = 1024 * 1024;
// Deep buffers on both sides keep zlib's pool thread inflating while this thread hashes and parses
// (or sits in a GC pause); with shallow ones it stalls every few milliseconds.
const GUNZIP_READ_AHEAD = 8 * 1024 * 1024;
const GUNZIP_WRITE_AHEAD = 4 * 1024 * 1024;

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
  if (compression === 'gzip') {
    const { chunks, close } = gunzip(compressed(), opts, check);
    return { compression, declared, chunks, counts, close };
  }
  const input = compressed();
  const chunks = compression === 'zstd' ? unzstd(input, opts, check) : plain(input, check);
  const close = () => {
    void chunks.return(undefined).catch(() => undefined);
    void input.return(undefined).catch(() => undefined);
  };
  return { compression, declared, chunks, counts, close };
}

function makeCeilingCheck(opts: DecompressOptions, counts: DecompressedLayer['counts'], compression: Compression) {
  const { limits, where } = opts;
  const earlier = opts.uncompressedBefore;
  return (n: number): void => {
    const before = typeof earlier === 'function' ? earlier() : (earlier ?? 0);
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

// The inflater starts at once (so a layer opened ahead fills its read-ahead on the pool thread while
// an earlier layer is parsed); the ceilings are checked only as chunks are taken from `chunks`.
function gunzip(source: AsyncGenerator<Buffer>, opts: DecompressOptions, check: (n: number) => void): { chunks: AsyncGenerator<Buffer>; close: () => void } {
  // Node's gunzip continues into concatenated members (pigz, multi-member layers) by itself.
  const inflater = createGunzip({
    chunkSize: GUNZIP_CHUNK,
    readableHighWaterMark: GUNZIP_CHUNK,
    writableHighWaterMark: GUNZIP_WRITE_AHEAD,
  } as ZlibOptions);
  const input = Readable.from(source, { objectMode: false, highWaterMark: GUNZIP_WRITE_AHEAD });
  let sourceError: unknown;
  input.on('error', (e) => {
    sourceError = e;
    inflater.destroy(e);
  });
  const queued = readQueue(inflater, opts.readAhead ?? GUNZIP_READ_AHEAD);
  input.pipe(inflater);
  const close = () => {
    input.destroy();
    inflater.destroy();
  };
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of queued) {
        // Counted in 64 KiB steps, so a ceiling still stops within 64 KiB of where it is crossed.
        for (let at = 0; at < chunk.length; at += CHECK_STEP) check(Math.min(CHECK_STEP, chunk.length - at));
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
      close();
    }
  }
  return { chunks: chunks(), close };
}

/**
 * The stream's chunks as they come, buffered up to `limit` bytes. A stream's own async iterator
 * hands out everything buffered as one Buffer.concat, which with a deep buffer copies megabytes
 * per read; this keeps zlib's chunks as they are. An error is thrown at once, dropping the queue.
 */
function readQueue(stream: NodeJS.ReadableStream & { destroyed: boolean }, limit: number): AsyncIterable<Buffer> {
  const queue: Buffer[] = [];
  let head = 0;
  let bytes = 0;
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  stream.on('data', (c: Buffer) => {
    queue.push(c);
    bytes += c.length;
    if (bytes >= limit) stream.pause();
    notify();
  });
  stream.on('end', () => {
    ended = true;
    notify();
  });
  stream.on('error', (error) => {
    failure ??= { error };
    notify();
  });
  stream.on('close', () => {
    if (!ended) failure ??= { error: Object.assign(new Error('premature close'), { name: 'AbortError' }) };
    notify();
  });
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (failure) throw failure.error;
        if (head < queue.length) {
          const c = queue[head]!;
          queue[head++] = EMPTY;
          if (head > 64) {
            queue.splice(0, head);
            head = 0;
          }
          bytes -= c.length;
          if (bytes < limit && stream.isPaused() && !stream.destroyed) stream.resume();
          yield c;
          continue;
        }
        if (ended) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

const EMPTY = Buffer.alloc(0);

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
