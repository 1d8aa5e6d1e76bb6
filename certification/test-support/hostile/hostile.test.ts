import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CertificationError } from '../../errors';
import { ImageFilesystem } from '../../image/layers';
import { DEFAULT_LIMITS } from '../../image/limits';
import { generateHostileCorpus, type HostileCorpus, type HostileLayerCase } from './generate';

// Extra checks on the tree for cases that must read, beyond "no error, the listed findings".
const treeChecks: Record<string, (fs: ImageFilesystem) => void> = {
  'traversal-dotdot': (fs) => expect(fs.get('/etc/passwd')).toMatchObject({ type: 'file', size: 4 }),
  'absolute-name': (fs) => expect(fs.get('/etc/cron.d/evil')).toBeDefined(),
  'absolute-symlink-shadow': (fs) => {
    expect(fs.get('/evil')!.linkTarget).toBe('/etc/shadow');
    expect(fs.resolve('/evil')!.path).toBe('/etc/shadow');
  },
  'relative-symlink-escape': (fs) => expect(fs.get('/a/b/c')!.type).toBe('symlink'),
  'symlink-chain': (fs) => expect(fs.resolve('/a')!.path).toBe('/real'),
  'symlink-loop': (fs) => {
    expect(fs.resolve('/loop1')).toBeUndefined();
    expect(fs.resolve('/self')).toBeUndefined();
    expect(fs.get('/loop1')!.type).toBe('symlink');
  },
  'hardlink-missing': (fs) => expect(fs.get('/h')).toMatchObject({ type: 'hardlink', linkTarget: '/not/there' }),
  'whiteout-root': (fs) => expect(fs.get('/keep')).toBeDefined(),
  'whiteout-traversal': (fs) => expect(fs.get('/a/b/f')).toBeDefined(),
  'opaque-whiteout': (fs) => expect([...fs.entries()].map((e) => e.path)).toEqual(['/etc', '/etc/new']),
  'duplicate-entries': (fs) => expect(fs.get('/f')!.sha256).toBe(createHash('sha256').update('2').digest('hex')),
  'compression-mismatch': (fs) => expect(fs.get('/ok')!.size).toBe(4),
  'non-utf8-names': (fs) => expect(fs.get('/café')).toBeDefined(),
  'device-files': (fs) => expect(fs.get('/dev/sda')).toMatchObject({ type: 'block-device', devMajor: 8, devMinor: 0 }),
  fifo: (fs) => expect(fs.get('/run/pipe')!.type).toBe('fifo'),
  'setuid-file': (fs) => {
    expect(fs.get('/usr/bin/su')!.mode).toBe(0o4755);
    expect(fs.get('/tmp')!.mode).toBe(0o1777);
  },
  'security-capability': (fs) => expect(fs.get('/usr/bin/ping')!.xattrs!['security.capability']!.toString('hex')).toBe('0100000200200000000000000000000000000000'),
  'deep-nesting': (fs) => expect(fs.get('/' + Array.from({ length: 1000 }, () => 'd').join('/') + '/leaf')!.size).toBe(6),
  'sparse-entry': (fs) => expect(fs.get('/after')).toBeDefined(),
  'empty-layer': (fs) => expect(fs.stats.entries).toBe(0),
  'entries-100k': (fs) => {
    expect(fs.stats.entries).toBe(100_000);
    expect(fs.list('/many/d7').length).toBe(1000);
  },
};

async function read(corpus: HostileCorpus, c: HostileLayerCase): Promise<{ fs: ImageFilesystem; error?: CertificationError }> {
  const fs = new ImageFilesystem({ limits: DEFAULT_LIMITS });
  try {
    for (const [index, layer] of c.layers.entries()) {
      const file = path.join(corpus.root, layer.file);
      const size = readFileSync(file).length;
      await fs.applyLayer({ index, descriptor: { mediaType: layer.mediaType, digest: `sha256:${c.name}-${index}`, size }, stream: createReadStream(file) });
    }
  } catch (e) {
    if (!(e instanceof CertificationError)) throw e;
    return { fs, error: e };
  }
  return { fs };
}

function layoutLayers(root: string): { mediaType: string; digest: string; size: number }[] {
  const index = JSON.parse(readFileSync(path.join(root, 'index.json'), 'utf8'));
  const blob = (d: string) => path.join(root, 'blobs', 'sha256', d.slice(7));
  return JSON.parse(readFileSync(blob(index.manifests[0].digest), 'utf8')).layers;
}

// Built once per HOSTILE_VERSION (about 15 s), then read from .data/fixtures.
const corpus: HostileCorpus = await generateHostileCorpus();

describe('hostile corpus', () => {
  it('has at least 30 cases, every clean one with a tree check', () => {
    expect(corpus.layerCases.length + corpus.layoutCases.length).toBeGreaterThanOrEqual(30);
    for (const c of corpus.layerCases) {
      if ('clean' in c.expect) expect(treeChecks[c.name], `${c.name} needs a tree check`).toBeDefined();
    }
  });

  it.each(corpus.layerCases.map((c) => [c.name, c] as const))('%s ends in its precise error or findings, with bounded memory', async (_, c) => {
    await runCase(c);
  });

  async function runCase(c: HostileLayerCase): Promise<void> {
    let peak = 0;
    const start = process.memoryUsage().rss;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss - start)), 20);
    const { fs, error } = await read(corpus, c).finally(() => clearInterval(timer));
    const expectation = c.expect;
    if ('error' in expectation) {
      expect(error?.code, `${c.name}: ${error?.message}`).toBe(expectation.error);
      if (expectation.limit) expect(error!.details).toMatchObject({ limit: expectation.limit });
      expect(error!.message).toMatch(/layer \d+ \(sha256:/);
    } else {
      expect(error, `${c.name}: ${error?.message}`).toBeUndefined();
      const expected = 'findings' in expectation ? expectation.findings : [];
      expect(fs.findings.map((f) => f.code)).toEqual(expected);
    }
    treeChecks[c.name]?.(fs);
    // Bombs stream through; nothing near their inflated size may stay resident.
    expect(peak, `${c.name}: RSS grew by ${peak} bytes`).toBeLessThan(200 * 1024 * 1024);
  }

  describe('layout-level cases (for openImage; layers read here through the filesystem)', () => {
    it('refuses the 10 000-layer image at maxLayers and reads the 200-layer one', async () => {
      for (const [dir, count] of [['layout-10000-layers', 10_000], ['layout-200-layers', 200]] as const) {
        const root = path.join(corpus.root, dir);
        const layers = layoutLayers(root);
        expect(layers.length).toBe(count);
        const fs = new ImageFilesystem({ limits: DEFAULT_LIMITS });
        let error: CertificationError | undefined;
        try {
          for (const [index, d] of layers.entries()) {
            await fs.applyLayer({ index, descriptor: d, stream: createReadStream(path.join(root, 'blobs', 'sha256', d.digest.slice(7))) });
          }
        } catch (e) {
          error = e as CertificationError;
        }
        if (count > DEFAULT_LIMITS.maxLayers) {
          expect(error?.details).toMatchObject({ limit: 'maxLayers', max: 256, value: 257 });
        } else {
          expect(error).toBeUndefined();
          expect(fs.stats.entries).toBe(200);
        }
      }
    });

    it('reads the traversal layout with a finding', async () => {
      const root = path.join(corpus.root, 'layout-traversal');
      const [d] = layoutLayers(root);
      const fs = new ImageFilesystem({ limits: DEFAULT_LIMITS });
      await fs.applyLayer({ index: 0, descriptor: d!, stream: createReadStream(path.join(root, 'blobs', 'sha256', d!.digest.slice(7))) });
      expect(fs.findings.map((f) => f.code)).toEqual(['PATH_TRAVERSAL']);
    });

    it('builds the confusion and self-reference layouts as described', () => {
      const confusion = path.join(corpus.root, 'layout-media-type-confusion');
      const top = JSON.parse(readFileSync(path.join(confusion, 'index.json'), 'utf8'));
      const blob = JSON.parse(readFileSync(path.join(confusion, 'blobs', 'sha256', top.manifests[0].digest.slice(7)), 'utf8'));
      expect([top.manifests[0].mediaType, blob.mediaType]).toEqual(['application/vnd.oci.image.index.v1+json', 'application/vnd.oci.image.manifest.v1+json']);
      const self = path.join(corpus.root, 'layout-index-self-reference');
      const selfTop = JSON.parse(readFileSync(path.join(self, 'index.json'), 'utf8'));
      const digest: string = selfTop.manifests[0].digest;
      const body = readFileSync(path.join(self, 'blobs', 'sha256', digest.slice(7)));
      expect(JSON.parse(body.toString()).manifests[0].digest).toBe(digest);
      expect(`sha256:${createHash('sha256').update(body).digest('hex')}`).not.toBe(digest);
    });
  });
});
