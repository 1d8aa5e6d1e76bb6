import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageFixtures, type ImageFixtures } from '../../test-support/images';
import { writeTar } from '../../test-support/tar-writer';
import { openImage } from '../open-image';
import type { Progress } from '../types';

let fx: ImageFixtures;
let tmp: string;

beforeAll(() => {
  fx = imageFixtures();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'assay-archives-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('when reading each file transport', () => {
  it('oci: reads the tagged image, its config and the tags from ref names', async () => {
    const img = await openImage(`oci:${fx.layout}:base`);
    try {
      expect(img.digest).toBe(fx.digests.base);
      expect(img.tags.sort()).toEqual(['arm64', 'base', 'multi']);
      expect(img.config).toMatchObject({ user: '1001:0', exposedPorts: ['8080/tcp'], volumes: ['/data'], commandLabels: { run: 'podman run -d IMAGE' } });
      expect(img.layers).toHaveLength(2);
      const fs = await img.readFilesystem({ capture: (p) => p === '/etc/os-release' });
      expect(fs.get('/usr/bin/hello')).toMatchObject({ type: 'file', mode: 0o755, layer: 0 });
      expect(fs.get('/usr/bin/hi')).toMatchObject({ type: 'symlink', linkTarget: 'hello' });
      expect(fs.get('/tmp/gone.txt')).toBeUndefined();
      expect(fs.get('/opt/app/data.txt')?.layer).toBe(1);
      expect(fs.content('/etc/os-release')?.toString()).toContain('ID=assaylinux');
    } finally {
      await img.close();
    }
  });

  it('oci: resolves an index to the requested platform and lists all platforms', async () => {
    const amd = await openImage(`oci:${fx.layout}:multi`);
    const arm = await openImage(`oci:${fx.layout}:multi`, { platform: 'linux/arm64' });
    try {
      expect(amd).toMatchObject({ digest: fx.digests.base, indexDigest: fx.digests.multi, platform: { architecture: 'amd64' } });
      expect(arm).toMatchObject({ digest: fx.digests.arm64, indexDigest: fx.digests.multi, platform: { architecture: 'arm64' } });
      expect(arm.config.labels.name).toBe('assay-arm64');
      expect(amd.platforms.map((p) => `${p.os}/${p.architecture}`)).toEqual(['linux/amd64', 'linux/arm64']);
    } finally {
      await amd.close();
      await arm.close();
    }
    await expect(openImage(`oci:${fx.layout}:multi`, { platform: 'linux/ppc64le' })).rejects.toMatchObject({ code: 'PLATFORM_NOT_FOUND' });
  });

  it('oci: asks for a tag when the layout holds several images, and names the tags when one is missing', async () => {
    await expect(openImage(`oci:${fx.layout}`)).rejects.toMatchObject({ code: 'INVALID_REFERENCE', message: expect.stringContaining('base, arm64, multi') });
    await expect(openImage(`oci:${fx.layout}:nope`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('oci-archive: reads the same image in place from the tar', async () => {
    const img = await openImage(`oci-archive:${fx.ociArchive}`);
    try {
      expect(img.digest).toBe(fx.digests.base);
      expect(img.tags).toEqual(['base']);
      const fs = await img.readFilesystem();
      expect(fs.get('/usr/bin/hello')?.mode).toBe(0o755);
    } finally {
      await img.close();
    }
  });

  it('docker-archive: follows legacy layer.tar links, synthesizes a schema 2 manifest, matches RepoTags', async () => {
    for (const src of [`docker-archive:${fx.dockerArchive}`, `docker-archive:${fx.dockerArchive}:assay/base:1.0`, `docker-archive:${fx.dockerArchive}:@0`]) {
      const img = await openImage(src);
      try {
        expect(img.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
        expect(img.tags).toEqual(['docker.io/assay/base:1.0']);
        expect(img.layers.map((l) => l.mediaType)).toEqual(Array(2).fill('application/vnd.docker.image.rootfs.diff.tar'));
        expect(img.layers.map((l) => l.digest)).toEqual(img.config.diffIds);
        const fs = await img.readFilesystem();
        expect(fs.get('/opt/app/data.txt')?.layer).toBe(1);
      } finally {
        await img.close();
      }
    }
    await expect(openImage(`docker-archive:${fx.dockerArchive}:other/name:2`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reports progress in bytes and layers', async () => {
    const img = await openImage(`oci:${fx.layout}:base`);
    const seen: Progress[] = [];
    try {
      await img.readFilesystem({ onProgress: (p) => seen.push(p) });
    } finally {
      await img.close();
    }
    const total = img.layers.reduce((s, l) => s + l.size, 0);
    expect(seen[0]).toMatchObject({ bytesRead: 0, layersRead: 0, layersTotal: 2 });
    expect(seen.at(-1)).toMatchObject({ bytesRead: total, bytesTotal: total, layersRead: 2 });
  });
});

describe('when a blob in a layout is corrupted', () => {
  function copyLayout(name: string): string {
    const dir = path.join(tmp, name);
    cpSync(fx.layout, dir, { recursive: true });
    return dir;
  }
  async function firstLayer(dir: string): Promise<string> {
    const img = await openImage(`oci:${dir}:base`);
    await img.close();
    return path.join(dir, 'blobs/sha256', img.layers[0]!.digest.slice(7));
  }

  it('says DIGEST_MISMATCH naming the layer when a byte is flipped', async () => {
    const dir = copyLayout('flip');
    const file = await firstLayer(dir);
    const bytes = readFileSync(file);
    bytes[bytes.length - 5] ^= 0xff;
    writeFileSync(file, bytes);
    const img = await openImage(`oci:${dir}:base`);
    try {
      await expect(img.readFilesystem()).rejects.toMatchObject({ code: expect.stringMatching(/DIGEST_MISMATCH|LAYER_INVALID/) });
    } finally {
      await img.close();
    }
  });

  it('says DIGEST_MISMATCH for bytes after the tar end marker, which the layer reader never needs', async () => {
    const dir = copyLayout('trailing');
    const { createHash } = await import('node:crypto');
    const { gunzipSync } = await import('node:zlib');
    const put = (b: Buffer) => {
      const digest = `sha256:${createHash('sha256').update(b).digest('hex')}`;
      writeFileSync(path.join(dir, 'blobs/sha256', digest.slice(7)), b);
      return { digest, size: b.length };
    };
    const index = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8'));
    const entry = index.manifests.find((m: { annotations?: Record<string, string> }) => m.annotations?.['org.opencontainers.image.ref.name'] === 'base');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'blobs/sha256', entry.digest.slice(7)), 'utf8'));
    // Declared: the plain tar plus 1 KiB of zeros. Served: the same length, ending in "X" instead.
    const tar = gunzipSync(readFileSync(path.join(dir, 'blobs/sha256', manifest.layers[0].digest.slice(7))));
    const declared = Buffer.concat([tar, Buffer.alloc(1024)]);
    const layer = put(declared);
    const served = Buffer.from(declared);
    served[served.length - 1] = 0x58;
    writeFileSync(path.join(dir, 'blobs/sha256', layer.digest.slice(7)), served);
    manifest.layers[0] = { mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layer };
    Object.assign(entry, put(Buffer.from(JSON.stringify(manifest))));
    writeFileSync(path.join(dir, 'index.json'), JSON.stringify(index));
    const img = await openImage(`oci:${dir}:base`);
    try {
      await expect(img.readFilesystem()).rejects.toMatchObject({ code: 'DIGEST_MISMATCH', message: expect.stringContaining('layer 0') });
    } finally {
      await img.close();
    }
  });

  it('says SIZE_MISMATCH as soon as a blob is longer than declared', async () => {
    const dir = copyLayout('long');
    const file = await firstLayer(dir);
    writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.alloc(4096)]));
    const img = await openImage(`oci:${dir}:base`);
    try {
      await expect(img.readFilesystem()).rejects.toMatchObject({ code: 'SIZE_MISMATCH', message: expect.stringContaining('layer 0') });
    } finally {
      await img.close();
    }
  });

  it('says DIGEST_MISMATCH for a tampered config before any layer is read', async () => {
    const dir = copyLayout('config');
    const img0 = await openImage(`oci:${dir}:base`);
    await img0.close();
    const file = path.join(dir, 'blobs/sha256', img0.configDigest.slice(7));
    writeFileSync(file, readFileSync(file, 'utf8').replace('1001:0', '0000:0'));
    await expect(openImage(`oci:${dir}:base`)).rejects.toMatchObject({ code: 'DIGEST_MISMATCH', message: expect.stringContaining('config') });
  });

  it('refuses a blob that is a symlink to a host file', async () => {
    const dir = copyLayout('link');
    const file = await firstLayer(dir);
    rmSync(file);
    (await import('node:fs')).symlinkSync('/etc/hostname', file);
    const img = await openImage(`oci:${dir}:base`);
    try {
      await expect(img.readFilesystem()).rejects.toMatchObject({ code: 'ARCHIVE_INVALID' });
    } finally {
      await img.close();
    }
  });
});

describe('when limits are hit', () => {
  it('stops at maxLayers and maxCompressedBytes naming the ceiling', async () => {
    await expect(openImage(`oci:${fx.layout}:base`, { limits: { maxLayers: 1 } })).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 'maxLayers' } });
    await expect(openImage(`oci:${fx.layout}:base`, { limits: { maxCompressedBytes: 100 } })).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { limit: 'maxCompressedBytes' },
    });
    await expect(openImage(`oci:${fx.layout}:base`, { limits: { maxManifestBytes: 50 } })).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
  });

  it('honours an aborted signal', async () => {
    const img = await openImage(`oci:${fx.layout}:base`);
    try {
      await expect(img.readFilesystem({ signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ABORTED' });
    } finally {
      await img.close();
    }
  });
});

describe('when an archive is hostile or broken', () => {
  const write = (name: string, bytes: Buffer) => {
    const file = path.join(tmp, name);
    writeFileSync(file, bytes);
    return file;
  };

  it('refuses a member named with ..', async () => {
    const file = write('dotdot.tar', writeTar([{ name: '../manifest.json', content: '[]' }]));
    await expect(openImage(`docker-archive:${file}`)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message: expect.stringContaining('..') });
  });

  it('refuses an absolute member name', async () => {
    const file = write('abs.tar', writeTar([{ name: '/etc/passwd', content: 'x' }]));
    await expect(openImage(`oci-archive:${file}`)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID' });
  });

  it('refuses a layer link pointing outside the archive', async () => {
    const manifest = JSON.stringify([{ Config: 'c.json', RepoTags: ['x:1'], Layers: ['l/layer.tar'] }]);
    const file = write(
      'linkout.tar',
      writeTar([
        { name: 'manifest.json', content: manifest },
        { name: 'c.json', content: JSON.stringify({ architecture: 'amd64', os: 'linux' }) },
        { name: 'l/layer.tar', type: 'symlink', linkName: '../../../etc/passwd' },
      ]),
    );
    await expect(openImage(`docker-archive:${file}`)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message: expect.stringContaining('outside') });
  });

  it('refuses a symlink loop', async () => {
    const manifest = JSON.stringify([{ Config: 'a', RepoTags: null, Layers: [] }]);
    const file = write(
      'loop.tar',
      writeTar([
        { name: 'manifest.json', content: manifest },
        { name: 'a', type: 'symlink', linkName: 'b' },
        { name: 'b', type: 'symlink', linkName: 'a' },
      ]),
    );
    await expect(openImage(`docker-archive:${file}`)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message: expect.stringContaining('loop') });
  });

  it('says what is wrong with a gzip-compressed, truncated, or non-tar file', async () => {
    const gz = write('x.tar.gz', (await import('node:zlib')).gzipSync(writeTar([{ name: 'a', content: 'b' }])));
    await expect(openImage(`oci-archive:${gz}`)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message: expect.stringContaining('gzip') });
    const tar = readFileSync(fx.ociArchive);
    const cut = write('cut.tar', tar.subarray(0, 1024 + 100));
    await expect(openImage(`oci-archive:${cut}`)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message: expect.stringContaining('truncated') });
    const text = write('text.tar', Buffer.from('hello '.repeat(200)));
    await expect(openImage(`docker-archive:${text}`)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message: expect.stringContaining('checksum') });
    await expect(openImage(`docker-archive:${path.join(tmp, 'missing.tar')}`)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID' });
  });

  it('refuses indexes nested deeper than 4 levels and reads an index of an index', async () => {
    const dir = path.join(tmp, 'cycle');
    cpSync(fx.layout, dir, { recursive: true });
    const { createHash } = await import('node:crypto');
    const put = (obj: unknown) => {
      const b = Buffer.from(JSON.stringify(obj));
      const d = `sha256:${createHash('sha256').update(b).digest('hex')}`;
      writeFileSync(path.join(dir, 'blobs/sha256', d.slice(7)), b);
      return { digest: d, size: b.length };
    };
    const plat = { os: 'linux', architecture: 'amd64' };
    const deep = (levels: number): { digest: string; size: number } => {
      let cur = { digest: fx.digests.base, size: JSON.parse(readFileSync(path.join(fx.layout, 'index.json'), 'utf8')).manifests[0].size, mediaType: 'application/vnd.oci.image.manifest.v1+json' };
      for (let i = 0; i < levels; i++) {
        const b = put({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ ...cur, platform: plat }] });
        cur = { ...b, mediaType: 'application/vnd.oci.image.index.v1+json' };
      }
      return cur;
    };
    const tooDeep = deep(6);
    const index = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8'));
    index.manifests.push({ mediaType: 'application/vnd.oci.image.index.v1+json', ...tooDeep, annotations: { 'org.opencontainers.image.ref.name': 'deep' } });
    // An index cannot name its own digest (content addressing), so depth is what bounds a hostile chain.
    const inner = put({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ mediaType: 'application/vnd.oci.image.index.v1+json', digest: fx.digests.multi, size: 506, platform: plat }] });
    index.manifests.push({ mediaType: 'application/vnd.oci.image.index.v1+json', ...inner, annotations: { 'org.opencontainers.image.ref.name': 'nested' } });
    writeFileSync(path.join(dir, 'index.json'), JSON.stringify(index));
    await expect(openImage(`oci:${dir}:deep`)).rejects.toMatchObject({ code: 'MANIFEST_INVALID', message: expect.stringContaining('nested') });
    const nested = await openImage(`oci:${dir}:nested`);
    expect(nested.digest).toBe(fx.digests.base);
    await nested.close();
  });
});
