// Generates the hostile-input corpus: layer blobs (and a few whole OCI layouts) that each must end
// in one precise error or finding. Written once under .data/fixtures/hostile-<version>/.
// Run directly with `npx tsx certification/test-support/hostile/generate.ts` to (re)build it.
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip, gunzipSync, gzipSync } from 'node:zlib';
import { END_OF_ARCHIVE, tarArchive, tarEntry, tarHeader, type TarEntrySpec } from './tar-writer';
import { zstdRleFrame } from './zstd-writer';

export const HOSTILE_VERSION = '4';

const GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
const ZSTD = 'application/vnd.oci.image.layer.v1.tar+zstd';
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const INDEX = 'application/vnd.oci.image.index.v1+json';
const CONFIG = 'application/vnd.oci.image.config.v1+json';

export type Expectation =
  | { error: string; limit?: string }
  | { findings: string[] }
  /** Reads without error and without findings; the test checks the tree. */
  | { clean: true };

export interface HostileLayerCase {
  name: string;
  description: string;
  /** Layer blob files, in order, relative to the corpus root. */
  layers: { file: string; mediaType: string }[];
  expect: Expectation;
}

export interface HostileLayoutCase {
  name: string;
  description: string;
  /** An OCI image layout directory, relative to the corpus root (`oci:<root>/<dir>`). */
  layout: string;
  /** Error codes an image reader may answer with (any one of them is right). */
  expectErrors: string[];
  limit?: string;
}

export interface HostileCorpus {
  root: string;
  layerCases: HostileLayerCase[];
  layoutCases: HostileLayoutCase[];
}

const REPO = path.resolve(import.meta.dirname, '../../..');
export const HOSTILE_ROOT = path.join(REPO, '.data', 'fixtures', `hostile-${HOSTILE_VERSION}`);

const half = (b: Buffer) => b.subarray(0, b.length >> 1);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function layerCases(): { name: string; description: string; blobs: (Buffer | { stream: 'gzip-bomb' } | { zstd: Buffer })[]; mediaType?: string; expect: Expectation }[] {
  const tar = (entries: TarEntrySpec[], opts?: { end?: boolean }) => gzipSync(tarArchive(entries, opts));
  const raw = (b: Buffer) => gzipSync(b);
  const negSize = Buffer.alloc(12, 0xff);
  const hugeSize = Buffer.alloc(12, 0);
  hugeSize[0] = 0x80;
  hugeSize.fill(0xff, 2);
  const deep = Array.from({ length: 1000 }, () => 'd').join('/') + '/leaf';
  const tooDeep = Array.from({ length: 2500 }, () => 'd').join('/') + '/leaf';
  return [
    { name: 'traversal-dotdot', description: 'name ../../etc/passwd climbs above the root', blobs: [tar([{ name: '../../etc/passwd', content: 'evil' }])], expect: { findings: ['PATH_TRAVERSAL'] } },
    { name: 'absolute-name', description: 'name /etc/cron.d/evil is absolute', blobs: [tar([{ name: '/etc/cron.d/evil', content: '* * * * * root sh' }])], expect: { findings: ['ABSOLUTE_PATH'] } },
    { name: 'absolute-symlink-shadow', description: 'symlink to /etc/shadow: inside the root for a container, no finding', blobs: [tar([{ name: 'etc/shadow', content: 'root:*:' }, { name: 'evil', type: '2', linkName: '/etc/shadow' }])], expect: { clean: true } },
    { name: 'relative-symlink-escape', description: 'a/b/c → ../../../../etc/shadow leaves the root', blobs: [tar([{ name: 'a/b/c', type: '2', linkName: '../../../../etc/shadow' }])], expect: { findings: ['LINK_OUTSIDE_ROOT'] } },
    { name: 'symlink-chain', description: 'a → b → c → real resolves inside the root', blobs: [tar([{ name: 'real', content: 'r' }, { name: 'c', type: '2', linkName: 'real' }, { name: 'b', type: '2', linkName: './c' }, { name: 'a', type: '2', linkName: '/b' }])], expect: { clean: true } },
    { name: 'symlink-loop', description: 'loop1 ↔ loop2 and self → self never resolve', blobs: [tar([{ name: 'loop1', type: '2', linkName: 'loop2' }, { name: 'loop2', type: '2', linkName: 'loop1' }, { name: 'self', type: '2', linkName: 'self' }])], expect: { clean: true } },
    { name: 'hardlink-outside', description: 'hard link to ../../etc/passwd', blobs: [tar([{ name: 'h', type: '1', linkName: '../../etc/passwd' }])], expect: { findings: ['HARDLINK_OUTSIDE_ROOT'] } },
    { name: 'hardlink-missing', description: 'hard link to a file no layer wrote', blobs: [tar([{ name: 'h', type: '1', linkName: 'not/there' }])], expect: { findings: ['HARDLINK_MISSING_TARGET'] } },
    { name: 'whiteout-root', description: 'whiteouts .wh.. and .wh. name the root', blobs: [tar([{ name: 'keep', content: 'k' }]), tar([{ name: './.wh..' }, { name: '.wh.' }])], expect: { findings: ['WHITEOUT_ROOT', 'WHITEOUT_ROOT'] } },
    { name: 'whiteout-traversal', description: 'whiteout a/b/.wh... names a path outside its directory', blobs: [tar([{ name: 'a/b/f', content: 'x' }]), tar([{ name: 'a/b/.wh...' }])], expect: { findings: ['PATH_TRAVERSAL'] } },
    { name: 'opaque-whiteout', description: 'etc/.wh..wh..opq hides lower /etc, keeps the same layer', blobs: [tar([{ name: 'etc/old', content: 'o' }]), tar([{ name: 'etc/', type: '5' }, { name: 'etc/.wh..wh..opq' }, { name: 'etc/new', content: 'n' }])], expect: { clean: true } },
    { name: 'duplicate-entries', description: 'the same path twice in one layer', blobs: [tar([{ name: 'f', content: '1' }, { name: 'f', content: '2' }])], expect: { findings: ['DUPLICATE_ENTRY'] } },
    { name: 'truncated-gzip', description: 'gzip stream cut in the middle', blobs: [half(gzipSync(tarArchive([{ name: 'f', content: 'x'.repeat(100_000) }])))], expect: { error: 'LAYER_INVALID' } },
    { name: 'truncated-tar-header', description: 'tar cut inside a header block', blobs: [raw(Buffer.concat([tarEntry({ name: 'a', content: 'x' }), tarHeader({ name: 'b' }).subarray(0, 300)]))], expect: { error: 'TAR_INVALID' } },
    { name: 'bad-checksum', description: 'header checksum does not match', blobs: [tar([{ name: 'f', checksum: 7 }])], expect: { error: 'TAR_INVALID' } },
    { name: 'negative-size', description: 'base-256 size of -1', blobs: [raw(Buffer.concat([tarHeader({ name: 'f', sizeField: negSize }), END_OF_ARCHIVE]))], expect: { error: 'TAR_INVALID' } },
    { name: 'huge-base256-size', description: 'base-256 size beyond 2^53', blobs: [raw(Buffer.concat([tarHeader({ name: 'f', sizeField: hugeSize }), END_OF_ARCHIVE]))], expect: { error: 'TAR_INVALID' } },
    { name: 'size-beyond-data', description: 'header declares 1 MB, 1 KB follows', blobs: [raw(Buffer.concat([tarHeader({ name: 'f', size: 1_000_000 }), Buffer.alloc(1024, 0x41)]))], expect: { error: 'TAR_INVALID' } },
    { name: 'huge-pax-header', description: 'PAX record of 2 MiB (limit 1 MiB)', blobs: [tar([{ name: 'f', pax: { comment: 'x'.repeat(2 * 1024 * 1024) } }])], expect: { error: 'LIMIT_EXCEEDED', limit: 'maxPaxHeaderBytes' } },
    { name: 'pax-bogus-length', description: 'PAX record claims 9999 bytes', blobs: [tar([{ name: 'f', paxRaw: Buffer.from('9999 path=etc/passwd\n') }])], expect: { error: 'TAR_INVALID' } },
    { name: 'gnu-longname-beyond-limit', description: 'GNU L record of 5000 bytes (limit 4096)', blobs: [tar([{ name: 'n'.repeat(5000), gnuLong: true, format: 'gnu' }])], expect: { error: 'LIMIT_EXCEEDED', limit: 'maxPathLength' } },
    { name: 'gzip-bomb', description: '1 GiB of zeros in about 1 MB of gzip', blobs: [{ stream: 'gzip-bomb' }], expect: { error: 'LIMIT_EXCEEDED', limit: 'maxCompressionRatio' } },
    { name: 'zstd-bomb', description: '4 GiB of zeros as 4-byte run-length blocks (128 KiB of zstd)', blobs: [{ zstd: zstdRleFrame(tarHeader({ name: 'zeros', size: 4 * 1024 ** 3 }), 4 * 1024 ** 3) }], mediaType: ZSTD, expect: { error: 'LIMIT_EXCEEDED', limit: 'maxCompressionRatio' } },
    { name: 'zstd-huge-window', description: 'zstd frame asking for a 2 GiB window', blobs: [{ zstd: Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 21 << 3, 0x01, 0x00, 0x00]) }], mediaType: ZSTD, expect: { error: 'LAYER_INVALID' } },
    { name: 'compression-mismatch', description: 'media type says gzip, bytes are zstd', blobs: [{ zstd: zstdRleFrame(tarArchive([{ name: 'ok', content: 'fine' }]), 0) }], mediaType: GZIP, expect: { findings: ['COMPRESSION_MISMATCH'] } },
    { name: 'non-utf8-names', description: 'latin1 name bytes and symlink target', blobs: [tar([{ name: Buffer.from([0x63, 0x61, 0x66, 0xe9]), content: 'x' }, { name: 'l', type: '2', linkName: Buffer.from([0xff, 0xfe]) }])], expect: { findings: ['NON_UTF8_NAME', 'NON_UTF8_NAME'] } },
    { name: 'device-files', description: 'char and block devices', blobs: [tar([{ name: 'dev/mem', type: '3', devMajor: 1, devMinor: 1 }, { name: 'dev/sda', type: '4', devMajor: 8, devMinor: 0 }])], expect: { findings: ['DEVICE_FILE', 'DEVICE_FILE'] } },
    { name: 'fifo', description: 'a named pipe', blobs: [tar([{ name: 'run/pipe', type: '6' }])], expect: { clean: true } },
    { name: 'setuid-file', description: 'setuid root binary and sticky dir', blobs: [tar([{ name: 'usr/bin/su', content: 'elf', mode: 0o4755 }, { name: 'tmp/', type: '5', mode: 0o1777 }])], expect: { clean: true } },
    { name: 'security-capability', description: 'file with a security.capability xattr', blobs: [tar([{ name: 'usr/bin/ping', content: 'elf', pax: { 'SCHILY.xattr.security.capability': Buffer.from('0100000200200000000000000000000000000000', 'hex') } }])], expect: { clean: true } },
    { name: 'deep-nesting', description: '1000 nested directories, via a PAX path', blobs: [tar([{ name: 'deep', pax: { path: deep }, content: 'bottom' }])], expect: { clean: true } },
    { name: 'deep-nesting-beyond-limit', description: '2500 nested directories: path beyond 4096', blobs: [tar([{ name: 'deep', pax: { path: tooDeep } }])], expect: { error: 'LIMIT_EXCEEDED', limit: 'maxPathLength' } },
    { name: 'sparse-entry', description: 'GNU sparse entry (type S) is skipped', blobs: [tar([{ name: 'sparse', type: 'S', content: 'data' }, { name: 'after', content: 'a' }])], expect: { findings: ['UNSUPPORTED_ENTRY'] } },
    { name: 'lone-zero-block', description: 'a header after a single zero block', blobs: [raw(Buffer.concat([tarEntry({ name: 'a' }), Buffer.alloc(512), tarEntry({ name: 'hidden' }), END_OF_ARCHIVE]))], expect: { error: 'TAR_INVALID' } },
    { name: 'empty-layer', description: 'a zero-byte layer blob', blobs: [Buffer.alloc(0)], mediaType: 'application/vnd.oci.image.layer.v1.tar', expect: { clean: true } },
    { name: 'entries-100k', description: '100 000 entries in one layer', blobs: [raw(Buffer.concat([...Array.from({ length: 100_000 }, (_, i) => tarHeader({ name: `many/d${i % 100}/f${i}` })), END_OF_ARCHIVE]))], expect: { clean: true } },
  ];
}

async function writeGzipBomb(file: string): Promise<void> {
  const size = 1024 ** 3;
  const zeros = Buffer.alloc(1024 * 1024);
  async function* body() {
    yield tarHeader({ name: 'zeros', size });
    for (let left = size; left > 0; left -= zeros.length) yield zeros;
    yield END_OF_ARCHIVE;
  }
  await pipeline(body(), createGzip({ level: 9 }), createWriteStream(file));
}

function writeBlob(layout: string, data: Buffer): { digest: string; size: number } {
  const digest = `sha256:${sha256(data)}`;
  const dir = path.join(layout, 'blobs', 'sha256');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, digest.slice(7)), data);
  return { digest, size: data.length };
}

function writeLayout(dir: string, layers: Buffer[], opts: { manifestMediaType?: string } = {}): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const descs = layers.map((l) => ({ mediaType: GZIP, ...writeBlob(dir, l) }));
  const config = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: layers.map((l) => `sha256:${sha256(gunzipMaybe(l))}`) }, history: [] }),
  );
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MANIFEST, config: { mediaType: CONFIG, ...writeBlob(dir, config) }, layers: descs }));
  const m = writeBlob(dir, manifest);
  writeFileSync(
    path.join(dir, 'index.json'),
    JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests: [{ mediaType: opts.manifestMediaType ?? MANIFEST, ...m, annotations: { 'org.opencontainers.image.ref.name': 'latest' } }] }),
  );
}

function gunzipMaybe(b: Buffer): Buffer {
  return b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b;
}

function layoutCases(root: string): HostileLayoutCase[] {
  const small = gzipSync(tarArchive([{ name: 'hello', content: 'world' }]));
  const cases: HostileLayoutCase[] = [];

  writeLayout(path.join(root, 'layout-media-type-confusion'), [small], { manifestMediaType: INDEX });
  cases.push({ name: 'manifest-media-type-confusion', description: 'index.json says the image manifest is an index', layout: 'layout-media-type-confusion', expectErrors: ['MEDIA_TYPE_MISMATCH', 'MANIFEST_INVALID'] });

  // Content addressing makes a real cycle impossible, so the blob lies about its own digest.
  const selfDir = path.join(root, 'layout-index-self-reference');
  mkdirSync(path.join(selfDir, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(path.join(selfDir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const fake = 'a'.repeat(64);
  const selfIndex = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests: [{ mediaType: INDEX, digest: `sha256:${fake}`, size: 0 }] }));
  const selfBody = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests: [{ mediaType: INDEX, digest: `sha256:${fake}`, size: selfIndex.length }] }));
  writeFileSync(path.join(selfDir, 'blobs', 'sha256', fake), selfBody);
  writeFileSync(path.join(selfDir, 'index.json'), JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests: [{ mediaType: INDEX, digest: `sha256:${fake}`, size: selfBody.length }] }));
  cases.push({ name: 'index-self-reference', description: 'an index whose only entry is itself (under a digest it does not have)', layout: 'layout-index-self-reference', expectErrors: ['DIGEST_MISMATCH', 'MANIFEST_INVALID'] });

  const many = Array.from({ length: 10_000 }, (_, i) => gzipSync(tarArchive([{ name: `layer-${i}`, content: String(i) }])));
  writeLayout(path.join(root, 'layout-10000-layers'), many);
  cases.push({ name: 'layers-10000', description: '10 000 tiny layers (maxLayers 256)', layout: 'layout-10000-layers', expectErrors: ['LIMIT_EXCEEDED'], limit: 'maxLayers' });

  writeLayout(path.join(root, 'layout-200-layers'), many.slice(0, 200));
  cases.push({ name: 'layers-200', description: '200 tiny layers, within maxLayers: reads', layout: 'layout-200-layers', expectErrors: [] });

  writeLayout(path.join(root, 'layout-traversal'), [gzipSync(tarArchive([{ name: '../../../etc/passwd', content: 'evil' }]))]);
  cases.push({ name: 'layout-traversal', description: 'a valid image whose layer writes ../../../etc/passwd: reads, with a PATH_TRAVERSAL finding', layout: 'layout-traversal', expectErrors: [] });
  return cases;
}

/** Builds the corpus once per HOSTILE_VERSION; later calls read the manifest it left. */
export async function generateHostileCorpus(root = HOSTILE_ROOT): Promise<HostileCorpus> {
  const indexFile = path.join(root, 'corpus.json');
  if (existsSync(indexFile)) return { root, ...JSON.parse(readFileSync(indexFile, 'utf8')) };
  const tmp = `${root}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(path.join(tmp, 'layers'), { recursive: true });
  const out: HostileLayerCase[] = [];
  for (const c of layerCases()) {
    const layers: HostileLayerCase['layers'] = [];
    for (const [i, blob] of c.blobs.entries()) {
      const file = path.join('layers', `${c.name}-${i}.blob`);
      if (Buffer.isBuffer(blob)) writeFileSync(path.join(tmp, file), blob);
      else if ('zstd' in blob) writeFileSync(path.join(tmp, file), blob.zstd);
      else await writeGzipBomb(path.join(tmp, file));
      layers.push({ file, mediaType: c.mediaType ?? GZIP });
    }
    out.push({ name: c.name, description: c.description, layers, expect: c.expect });
  }
  const layouts = layoutCases(tmp);
  writeFileSync(path.join(tmp, 'corpus.json'), JSON.stringify({ layerCases: out, layoutCases: layouts }, null, 1));
  try {
    renameSync(tmp, root);
  } catch (e) {
    // Another test process finished first: keep its copy.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(indexFile)) throw e;
  }
  return { root, layerCases: out, layoutCases: layouts };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const corpus = await generateHostileCorpus();
  console.log(`${corpus.layerCases.length} layer cases and ${corpus.layoutCases.length} layout cases in ${corpus.root}`);
}

