import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CertificationError } from '../errors';
import { digestOf, readVerified, verifyBlob } from './digest';

async function* chunks(...parts: string[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield Buffer.from(p);
}

async function drain(it: AsyncIterable<Buffer>): Promise<{ bytes: number; error?: CertificationError; chunksBeforeError: number }> {
  let bytes = 0;
  let n = 0;
  try {
    for await (const c of it) {
      bytes += c.length;
      n++;
    }
  } catch (e) {
    return { bytes, error: e as CertificationError, chunksBeforeError: n };
  }
  return { bytes, chunksBeforeError: n };
}

describe('verifyBlob', () => {
  const content = 'hello world, this is a blob';
  const digest = digestOf(Buffer.from(content));

  it('passes bytes through unchanged when digest and size match', async () => {
    const out: Buffer[] = [];
    for await (const c of verifyBlob(chunks('hello ', 'world, this is a blob'), { digest, size: content.length }, { where: 'blob x' })) out.push(c);
    expect(Buffer.concat(out).toString()).toBe(content);
  });

  it('checks sha512 digests too', async () => {
    const d = `sha512:${createHash('sha512').update(content).digest('hex')}`;
    expect((await drain(verifyBlob(chunks(content), { digest: d }, { where: 'b' }))).error).toBeUndefined();
    const wrong = `sha512:${'0'.repeat(128)}`;
    expect((await drain(verifyBlob(chunks(content), { digest: wrong }, { where: 'b' }))).error?.code).toBe('DIGEST_MISMATCH');
  });

  describe('when the blob is longer than declared', () => {
    it('fails with SIZE_MISMATCH at the chunk that overflows, before reading the rest', async () => {
      const r = await drain(verifyBlob(chunks('12345', '67890', 'never read'), { digest, size: 7 }, { where: 'layer 3 of img' }));
      expect(r.error?.code).toBe('SIZE_MISMATCH');
      expect(r.chunksBeforeError).toBe(1);
      expect(r.error?.message).toContain('layer 3 of img');
    });
  });

  describe('when the blob is shorter than declared', () => {
    it('fails with SIZE_MISMATCH at the end', async () => {
      const r = await drain(verifyBlob(chunks(content), { digest, size: content.length + 1 }, { where: 'b' }));
      expect(r.error?.code).toBe('SIZE_MISMATCH');
      expect(r.bytes).toBe(content.length);
    });
  });

  describe('when one byte differs', () => {
    it('fails with DIGEST_MISMATCH naming expected and actual digests', async () => {
      const r = await drain(verifyBlob(chunks(content.replace('w', 'W')), { digest, size: content.length }, { where: 'config c' }));
      expect(r.error?.code).toBe('DIGEST_MISMATCH');
      expect(r.error?.message).toContain(digest);
    });
  });

  it('refuses a malformed digest before reading', async () => {
    const r = await drain(verifyBlob(chunks(content), { digest: 'sha256:xyz' }, { where: 'b' }));
    expect(r.error?.code).toBe('MANIFEST_INVALID');
  });

  it('readVerified stops at maxBytes with LIMIT_EXCEEDED naming maxManifestBytes', async () => {
    await expect(readVerified(chunks('x'.repeat(100)), { digest }, { where: 'manifest m', maxBytes: 10 })).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { limit: 'maxManifestBytes' },
    });
    await expect(readVerified(chunks(content), { digest, size: 1 << 30 }, { where: 'm', maxBytes: 10 })).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
  });
});
