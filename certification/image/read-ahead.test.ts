import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './limits';
import { openImage } from './open-image';
import { tarArchive } from '../test-support/hostile/tar-writer';

// readFilesystem opens layer i+1 (and starts inflating it) while layer i is applied: these cases pin
// down that order, errors and ceilings are exactly those of reading one layer after the other.

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function layout(layers: { gz: Buffer; declared?: Buffer }[]): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'assay-read-ahead-'));
  roots.push(root);
  const blobs = path.join(root, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const put = (b: Buffer, as = b) => {
    writeFileSync(path.join(blobs, sha(as)), b);
    return { digest: `sha256:${sha(as)}`, size: as.length };
  };
  // `declared` names the bytes the manifest promises; the blob file holds `gz` (a tampered blob).
  const descriptors = layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...put(l.gz, l.declared ?? l.gz) }));
  const config = put(Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } })));
  const manifest = put(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: descriptors,
      }),
    ),
  );
  writeFileSync(path.join(root, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    path.join(root, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, annotations: { 'org.opencontainers.image.ref.name': 'x' } }],
    }),
  );
  return root;
}

const file = (name: string, content: Buffer | string) => ({ name, content });
const big = (n: number) => randomBytes(n).toString('hex').slice(0, n);

async function read(root: string, limits = {}) {
  const image = await openImage(`oci:${root}:x`, { limits });
  try {
    return await image.readFilesystem();
  } finally {
    await image.close();
  }
}

describe('reading layers ahead', () => {
  it('applies layers strictly in order: overwrites and whiteouts of later layers win', async () => {
    const root = layout([
      { gz: gzipSync(tarArchive([file('etc/app.conf', 'v0'), file('opt/old.txt', 'old'), file('opt/blob.bin', big(600_000))])) },
      { gz: gzipSync(tarArchive([file('opt/.wh.old.txt', ''), file('etc/app.conf', 'v1')])) },
      { gz: gzipSync(tarArchive([file('etc/app.conf', 'v2'), file('opt/new.txt', 'new')])) },
    ]);
    const fs = await read(root);
    expect(fs.get('/etc/app.conf')).toMatchObject({ layer: 2, sha256: sha(Buffer.from('v2')) });
    expect(fs.get('/opt/old.txt')).toBeUndefined();
    expect(fs.history('/etc/app.conf').map((w) => w.layer)).toEqual([0, 1, 2]);
    expect(fs.layers.map((l) => l.index)).toEqual([0, 1, 2]);
  });

  it('reports a broken layer by its own index while the next one is already being read', async () => {
    const good = gzipSync(tarArchive([file('a.txt', big(2_000_000))]));
    const l1 = gzipSync(tarArchive([file('b.txt', 'b')]));
    const tampered = Buffer.from(l1);
    tampered[tampered.length - 9]! ^= 0xff;
    const mismatch = layout([{ gz: good }, { gz: tampered, declared: l1 }, { gz: good }]);
    await expect(read(mismatch)).rejects.toMatchObject({ code: 'DIGEST_MISMATCH', message: expect.stringMatching(/^layer 1 /) });

    const truncated = layout([{ gz: good.subarray(0, good.length >> 1) }, { gz: good }]);
    await expect(read(truncated)).rejects.toMatchObject({ code: 'LAYER_INVALID', message: expect.stringMatching(/^layer 0 /) });
  });

  it('counts maxUncompressedBytes over the layers before a layer that was opened ahead', async () => {
    const layer = (name: string) => gzipSync(tarArchive([file(name, big(200_000))]));
    const root = layout([{ gz: layer('a') }, { gz: layer('b') }, { gz: layer('c') }]);
    const fs = await read(root);
    const [a, b] = fs.layers.map((l) => l.uncompressedBytes);
    // Layer 2 fits on its own and comes in one chunk; only the earlier layers push it over.
    const err = await read(root, { maxUncompressedBytes: a! + b! + 1000 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 'maxUncompressedBytes' }, message: expect.stringContaining('layer 2') });
    expect(DEFAULT_LIMITS.maxUncompressedBytes).toBeGreaterThan(a! + b!);
  });
});
