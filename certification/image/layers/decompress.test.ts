import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CertificationError } from '../../errors';
import { DEFAULT_LIMITS, type ImageLimits } from '../limits';
import { openLayer, type DecompressOptions } from './decompress';
import { zstdRleBomb } from '../../test-support/hostile/zstd-writer';

const GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
const ZSTD = 'application/vnd.oci.image.layer.v1.tar+zstd';
const TAR = 'application/vnd.oci.image.layer.v1.tar';

function zstd(data: Buffer): Buffer {
  return execFileSync('zstd', ['-q', '-c', '-3'], { input: data, maxBuffer: 1 << 28 });
}

async function* chunked(data: Buffer, size = 4096): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function inflate(data: Buffer, opts: Partial<DecompressOptions> = {}) {
  const layer = await openLayer(chunked(data), { limits: DEFAULT_LIMITS, where: 'layer 3 (sha256:abc)', compressedSize: data.length, ...opts });
  const parts: Buffer[] = [];
  for await (const c of layer.chunks) parts.push(c);
  return { layer, out: Buffer.concat(parts) };
}

async function failure(data: Buffer, opts: Partial<DecompressOptions> = {}): Promise<CertificationError> {
  try {
    await inflate(data, opts);
  } catch (e) {
    if (e instanceof CertificationError) return e;
    throw e;
  }
  throw new Error('expected decompression to fail');
}

const hasZstd = (() => {
  try {
    execFileSync('zstd', ['--version']);
    return true;
  } catch {
    return false;
  }
})();
if (!hasZstd) console.warn('decompress.test: the zstd CLI is missing (apt-get install -y zstd); real zstd streams are skipped');

describe('openLayer', () => {
  const text = Buffer.from('pseudo random text '.repeat(50_000) + randomBytes(50_000).toString('hex'));

  describe('when the layer is gzip', () => {
    it('inflates it, concatenated members included', async () => {
      const { layer, out } = await inflate(Buffer.concat([gzipSync(text.subarray(0, 1000)), gzipSync(text.subarray(1000))]), { mediaType: GZIP });
      expect(layer.compression).toBe('gzip');
      expect(layer.declared).toBeUndefined();
      expect(out.equals(text)).toBe(true);
      expect(layer.counts.uncompressed).toBe(text.length);
    });

    it('names the layer when the stream is truncated', async () => {
      const gz = gzipSync(text);
      const err = await failure(gz.subarray(0, gz.length - 100));
      expect(err.code).toBe('LAYER_INVALID');
      expect(err.message).toMatch(/^layer 3 \(sha256:abc\): gzip stream is truncated/);
    });

    it('refuses corrupt deflate data', async () => {
      const gz = Buffer.from(gzipSync(text));
      gz.fill(0xff, 20, 60);
      expect((await failure(gz)).code).toBe('LAYER_INVALID');
    });
  });

  describe.skipIf(!hasZstd)('when the layer is zstd (written by the zstd CLI)', () => {
    it('inflates single and multiple frames', async () => {
      const { layer, out } = await inflate(Buffer.concat([zstd(text.subarray(0, 5000)), zstd(text.subarray(5000))]), { mediaType: ZSTD });
      expect(layer.compression).toBe('zstd');
      expect(out.equals(text)).toBe(true);
    });

    it('names the layer when the stream is truncated', async () => {
      const z = zstd(text);
      const err = await failure(z.subarray(0, z.length - 50));
      expect(err.code).toBe('LAYER_INVALID');
      expect(err.message).toMatch(/^layer 3 \(sha256:abc\): zstd stream is truncated/);
    });
  });

  it('refuses a zstd frame asking for a window beyond 128 MiB before allocating it', async () => {
    // Frame header: no single segment, window descriptor exponent 21 → 2^31 bytes.
    const frame = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 21 << 3, 0x01, 0x00, 0x00]);
    const err = await failure(frame);
    expect(err.code).toBe('LAYER_INVALID');
    expect(err.message).toMatch(/asks for a 2147483648-byte window, expected at most 134217728/);
  });

  it('passes an uncompressed tar through and reports when the media type disagrees with the bytes', async () => {
    const { layer, out } = await inflate(text, { mediaType: GZIP });
    expect(layer.compression).toBe('none');
    expect(layer.declared).toBe('gzip');
    expect(out.equals(text)).toBe(true);
    const other = await inflate(gzipSync(text), { mediaType: TAR });
    expect([other.layer.compression, other.layer.declared]).toEqual(['gzip', 'none']);
  });

  describe('when the layer is a bomb', () => {
    const zeros = gzipSync(Buffer.alloc(64 * 1024 * 1024));

    it('stops a gzip bomb at the ratio ceiling, not after inflating it', async () => {
      const limits: ImageLimits = { ...DEFAULT_LIMITS, maxCompressionRatio: 100 };
      const layer = await openLayer(chunked(zeros), { limits, where: 'layer 0 (bomb)', compressedSize: zeros.length });
      const err = await (async () => {
        try {
          for await (const c of layer.chunks) void c;
        } catch (e) {
          return e as CertificationError;
        }
      })();
      expect(err?.code).toBe('LIMIT_EXCEEDED');
      expect(err?.details).toMatchObject({ limit: 'maxCompressionRatio', max: 100 });
      expect(layer.counts.uncompressed).toBeLessThan(100 * zeros.length + 128 * 1024);
    });

    it('stops a zstd run-length bomb at the ratio ceiling', async () => {
      const bomb = zstdRleBomb(512 * 1024 * 1024);
      expect(bomb.length).toBeLessThan(20_000);
      const err = await failure(bomb, { limits: { ...DEFAULT_LIMITS, maxCompressionRatio: 1000 } });
      expect(err.code).toBe('LIMIT_EXCEEDED');
      expect(err.details).toMatchObject({ limit: 'maxCompressionRatio' });
    });

    it('counts earlier layers against maxUncompressedBytes', async () => {
      const err = await failure(gzipSync(text), { limits: { ...DEFAULT_LIMITS, maxUncompressedBytes: 1_000_000 }, uncompressedBefore: 900_000 });
      expect(err.details).toMatchObject({ limit: 'maxUncompressedBytes', max: 1_000_000 });
    });
  });

  it('stops with ABORTED when the signal fires', async () => {
    const controller = new AbortController();
    const layer = await openLayer(chunked(gzipSync(text), 512), { limits: DEFAULT_LIMITS, where: 'layer 1 (x)', signal: controller.signal });
    let n = 0;
    const err = await (async () => {
      try {
        for await (const c of layer.chunks) {
          void c;
          if (++n === 2) controller.abort();
        }
      } catch (e) {
        return e as CertificationError;
      }
    })();
    expect(err?.code).toBe('ABORTED');
    expect(n).toBeLessThan(5);
  });
});
