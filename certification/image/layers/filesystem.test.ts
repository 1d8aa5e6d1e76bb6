import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CertificationError } from '../../errors';
import { DEFAULT_LIMITS, type ImageLimits } from '../limits';
import type { ContentPredicate } from '../types';
import { ImageFilesystem } from './filesystem';
import { tarArchive, tarHeader, type TarEntrySpec } from '../../test-support/hostile/tar-writer';

const GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
// Measuring memory needs a real collection; the flag can be set at run time.
setFlagsFromString('--expose-gc');

function descriptor(blob: Buffer, i: number) {
  return { mediaType: GZIP, digest: `sha256:${createHash('sha256').update(blob).digest('hex')}`, size: blob.length, i };
}

async function build(layers: TarEntrySpec[][], opts: { limits?: Partial<ImageLimits>; capture?: ContentPredicate } = {}): Promise<ImageFilesystem> {
  const fs = new ImageFilesystem({ limits: { ...DEFAULT_LIMITS, ...opts.limits }, capture: opts.capture });
  for (const [index, entries] of layers.entries()) {
    const blob = gzipSync(tarArchive(entries));
    await fs.applyLayer({ index, descriptor: descriptor(blob, index), stream: [blob] });
  }
  return fs;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const paths = (fs: ImageFilesystem) => [...fs.entries()].map((e) => e.path);
const codes = (fs: ImageFilesystem) => fs.findings.map((f) => `${f.code} ${f.path ?? ''}`.trim());

describe('ImageFilesystem', () => {
  describe('when normalizing names', () => {
    it('reads ./a//b/../c as /a/c and creates implicit parents', async () => {
      const fs = await build([[{ name: './a//b/../c', content: 'x' }]]);
      expect(paths(fs)).toEqual(['/a', '/a/c']);
      expect(fs.get('/a')).toMatchObject({ type: 'directory', implicit: true });
      expect(fs.get('a/c')).toMatchObject({ type: 'file', size: 1, sha256: sha('x'), layer: 0 });
      expect(fs.findings).toEqual([]);
    });

    it('clamps traversal and absolute names into the root with a finding', async () => {
      const fs = await build([[{ name: '../../etc/passwd', content: 'evil' }, { name: '/etc/shadow', content: 's' }]]);
      expect(paths(fs)).toEqual(['/etc', '/etc/passwd', '/etc/shadow']);
      expect(codes(fs)).toEqual(['PATH_TRAVERSAL /etc/passwd', 'ABSOLUTE_PATH /etc/shadow']);
    });
  });

  describe('when applying whiteouts', () => {
    const lower: TarEntrySpec[] = [
      { name: 'etc/', type: '5' },
      { name: 'etc/a', content: 'a' },
      { name: 'etc/sub/b', content: 'b' },
      { name: 'keep', content: 'k' },
    ];

    it('deletes a lower file and a lower directory with everything under it', async () => {
      const fs = await build([lower, [{ name: 'etc/.wh.sub' }, { name: '.wh.keep' }]]);
      expect(paths(fs)).toEqual(['/etc', '/etc/a']);
      expect(fs.history('/etc/sub/b')).toEqual([
        { layer: 0, kind: 'write', type: 'file', size: 1, mode: 0o644, sha256: sha('b') },
        { layer: 1, kind: 'delete' },
      ]);
      expect(fs.history('/keep').map((w) => `${w.layer}:${w.kind}`)).toEqual(['0:write', '1:delete']);
      expect(fs.get('/keep')).toBeUndefined();
    });

    it('hides lower entries of an opaque directory but keeps the same layer’s', async () => {
      const fs = await build([lower, [{ name: 'etc/', type: '5' }, { name: 'etc/new', content: 'n' }, { name: 'etc/.wh..wh..opq' }]]);
      expect(paths(fs)).toEqual(['/etc', '/etc/new', '/keep']);
      expect(fs.get('/etc')!.layer).toBe(1);
    });

    it('does not let a whiteout hide an entry of its own layer', async () => {
      const fs = await build([lower, [{ name: 'fresh', content: 'f' }, { name: '.wh.fresh' }, { name: '.wh.keep' }, { name: 'keep', content: 'again' }]]);
      expect(fs.get('/fresh')).toMatchObject({ layer: 1 });
      expect(fs.get('/keep')).toMatchObject({ layer: 1, sha256: sha('again') });
    });

    it('ignores a whiteout of the root, or one that names a path outside its directory', async () => {
      const fs = await build([lower, [{ name: './.wh..' }, { name: '.wh.' }, { name: 'etc/sub/.wh...' }]]);
      expect(paths(fs)).toEqual(['/etc', '/etc/a', '/etc/sub', '/etc/sub/b', '/keep']);
      expect(codes(fs)).toEqual(['WHITEOUT_ROOT /.wh..', 'WHITEOUT_ROOT /.wh.', 'PATH_TRAVERSAL /etc/sub/.wh...']);
    });

    it('does not create directories for a whiteout in a missing directory', async () => {
      const fs = await build([lower, [{ name: 'nowhere/.wh.x' }]]);
      expect(fs.get('/nowhere')).toBeUndefined();
    });
  });

  describe('when a later layer changes the kind of a path', () => {
    it('replaces a directory by a file, deleting what was under it', async () => {
      const fs = await build([[{ name: 'd/x', content: '1' }], [{ name: 'd', content: 'now a file' }]]);
      expect(paths(fs)).toEqual(['/d']);
      expect(fs.get('/d')).toMatchObject({ type: 'file', layer: 1 });
      expect(fs.history('/d/x').map((w) => w.kind)).toEqual(['write', 'delete']);
    });

    it('replaces a file by a directory', async () => {
      const fs = await build([[{ name: 'd', content: 'file' }], [{ name: 'd/x', content: '1' }]]);
      expect(fs.get('/d')).toMatchObject({ type: 'directory', layer: 1, implicit: true });
      expect(fs.history('/d').map((w) => `${w.layer}:${w.type}`)).toEqual(['0:file', '1:directory']);
    });

    it('writes through a symlinked parent inside the root, as extractors do (usr-merge)', async () => {
      const fs = await build([[{ name: 'usr/lib/', type: '5' }, { name: 'lib', type: '2', linkName: 'usr/lib' }], [{ name: 'lib/libc.so', content: 'elf' }]]);
      expect(fs.get('/usr/lib/libc.so')).toMatchObject({ layer: 1 });
      expect(fs.get('/lib')).toMatchObject({ type: 'symlink' });
      expect(fs.resolve('/lib/libc.so')!.path).toBe('/usr/lib/libc.so');
    });
  });

  describe('when reading links', () => {
    it('keeps symlinks as written, flags only those leaving the root, and resolves inside the root', async () => {
      const fs = await build([
        [
          { name: 'etc/shadow', content: 'hash' },
          { name: 'abs', type: '2', linkName: '/etc/shadow' },
          { name: 'a/b/up', type: '2', linkName: '../../../../etc/shadow' },
          { name: 'loop1', type: '2', linkName: 'loop2' },
          { name: 'loop2', type: '2', linkName: 'loop1' },
        ],
      ]);
      expect(codes(fs)).toEqual(['LINK_OUTSIDE_ROOT /a/b/up']);
      expect(fs.get('/abs')!.linkTarget).toBe('/etc/shadow');
      expect(fs.resolve('/abs')!.path).toBe('/etc/shadow');
      expect(fs.resolve('/a/b/up')!.path).toBe('/etc/shadow');
      expect(fs.resolve('/loop1')).toBeUndefined();
    });

    it('gives hard links their target’s size and digest, and flags missing or outside targets', async () => {
      const fs = await build([
        [
          { name: 'bin/real', content: 'binary' },
          { name: 'bin/alias', type: '1', linkName: 'bin/real' },
          { name: 'bin/ghost', type: '1', linkName: 'bin/nothing' },
          { name: 'bin/out', type: '1', linkName: '../../etc/passwd' },
        ],
      ]);
      expect(fs.get('/bin/alias')).toMatchObject({ type: 'hardlink', linkTarget: '/bin/real', size: 6, sha256: sha('binary') });
      expect(codes(fs)).toEqual(['HARDLINK_MISSING_TARGET /bin/ghost', 'HARDLINK_OUTSIDE_ROOT /bin/out']);
    });
  });

  it('keeps the last of duplicate entries in one layer, with a finding', async () => {
    const fs = await build([[{ name: 'f', content: 'one' }, { name: 'f', content: 'two' }]]);
    expect(fs.get('/f')!.sha256).toBe(sha('two'));
    expect(codes(fs)).toEqual(['DUPLICATE_ENTRY /f']);
  });

  it('keeps devices, fifos, special mode bits and xattrs', async () => {
    const cap = Buffer.from('01000002', 'hex');
    const fs = await build([
      [
        { name: 'dev/null', type: '3', devMajor: 1, devMinor: 3 },
        { name: 'run/fifo', type: '6' },
        { name: 'usr/bin/sudo', content: 'x', mode: 0o4755 },
        { name: 'tmp/', type: '5', mode: 0o1777 },
        { name: 'usr/bin/ping', content: 'p', pax: { 'SCHILY.xattr.security.capability': cap } },
      ],
    ]);
    expect(fs.get('/dev/null')).toMatchObject({ type: 'char-device', devMajor: 1, devMinor: 3 });
    expect(fs.get('/run/fifo')!.type).toBe('fifo');
    expect(fs.get('/usr/bin/sudo')!.mode).toBe(0o4755);
    expect(fs.get('/tmp')!.mode).toBe(0o1777);
    expect(fs.get('/usr/bin/ping')!.xattrs!['security.capability']!.equals(cap)).toBe(true);
    expect(codes(fs)).toEqual(['DEVICE_FILE /dev/null']);
  });

  describe('when capturing content', () => {
    const layers: TarEntrySpec[][] = [
      [{ name: 'etc/passwd', content: 'root:x:0:0' }, { name: 'secret.env', content: 'TOKEN=1' }, { name: 'big', content: 'x'.repeat(100) }],
      [{ name: '.wh.secret.env' }, { name: 'etc/passwd', content: 'root:x:0:0\napp:x:1000' }],
    ];

    it('keeps every captured version per layer, deleted ones included', async () => {
      const fs = await build(layers, { capture: (p) => p !== '/big' });
      expect(fs.content('/etc/passwd')!.toString()).toBe('root:x:0:0\napp:x:1000');
      expect(fs.contentHistory('/etc/passwd').map((c) => c.layer)).toEqual([0, 1]);
      expect(fs.content('/secret.env')).toBeUndefined();
      expect(fs.contentHistory('/secret.env')[0]!.content.toString()).toBe('TOKEN=1');
      expect(fs.content('/big')).toBeUndefined();
    });

    it('skips files beyond maxCapturedFileBytes and beyond the total budget, and says so', async () => {
      const fs = await build(layers, { capture: () => true, limits: { maxCapturedFileBytes: 50, maxCapturedTotalBytes: 20 } });
      expect(fs.captureSkipped.map((s) => `${s.path}@${s.layer} ${s.limit}`)).toEqual([
        '/big@0 maxCapturedFileBytes',
        '/etc/passwd@1 maxCapturedTotalBytes',
      ]);
      expect(fs.stats.capturedBytes).toBe(17);
    });
  });

  describe('when a ceiling is reached', () => {
    it('stops at maxEntries over all layers', async () => {
      const err = await build([[{ name: 'a' }, { name: 'b' }], [{ name: 'c' }, { name: 'd' }]], { limits: { maxEntries: 3 } }).catch((e: CertificationError) => e);
      expect(err).toBeInstanceOf(CertificationError);
      expect((err as CertificationError).details).toMatchObject({ limit: 'maxEntries', max: 3, value: 4 });
    });

    it('stops at maxLayers', async () => {
      const err = await build([[], [], []], { limits: { maxLayers: 2 } }).catch((e: CertificationError) => e);
      expect((err as CertificationError).details).toMatchObject({ limit: 'maxLayers', value: 3 });
    });

    it('stops at maxPathLength', async () => {
      const err = await build([[{ name: 'x'.repeat(300), gnuLong: true, format: 'gnu' }]], { limits: { maxPathLength: 255 } }).catch((e: CertificationError) => e);
      expect((err as CertificationError).details).toMatchObject({ limit: 'maxPathLength', value: 300 });
    });
  });

  it('stops with ABORTED between chunks', async () => {
    const controller = new AbortController();
    const fs = new ImageFilesystem({ limits: DEFAULT_LIMITS, signal: controller.signal });
    async function* endless() {
      yield tarHeader({ name: 'huge', size: 8e9 });
      for (let i = 0; ; i++) {
        if (i === 10) controller.abort();
        yield Buffer.alloc(65536);
      }
    }
    const err = await fs.applyLayer({ index: 0, descriptor: { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: 'sha256:x', size: 0 }, stream: endless() }).catch((e) => e);
    expect((err as CertificationError).code).toBe('ABORTED');
  });

  it('stores a million entries compactly', async () => {
    const count = 1_000_000;
    const fs = new ImageFilesystem({ limits: DEFAULT_LIMITS });
    // 1M headers are 512 MB of tar: generate them as the parser asks, from a patched template.
    const template = tarHeader({ name: '', type: '0' });
    async function* entries() {
      for (let i = 0; i < count; ) {
        const batch = Buffer.alloc(512 * 2048);
        for (let k = 0; k < 2048 && i < count; k++, i++) {
          const h = batch.subarray(k * 512, k * 512 + 512);
          template.copy(h);
          h.write(`usr/share/doc/pkg${i % 1000}/file-${i}.txt`, 0, 100, 'latin1');
          h.fill(0x20, 148, 156);
          let sum = 0;
          for (let j = 0; j < 512; j++) sum += h[j]!;
          h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1');
        }
        yield batch;
      }
    }
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage();
    await fs.applyLayer({ index: 0, descriptor: { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: 'sha256:m', size: 0 }, stream: entries() });
    gc();
    const after = process.memoryUsage();
    const grown = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
    console.info(`1M entries: ${(grown / 1e6).toFixed(0)} MB of heap and array buffers (${(grown / count).toFixed(0)} B per entry)`);
    expect(fs.stats.entries).toBe(count);
    expect(fs.get('/usr/share/doc/pkg7/file-999007.txt')).toMatchObject({ type: 'file', size: 0 });
    expect(grown).toBeLessThan(250e6);
  }, 120_000);
});
