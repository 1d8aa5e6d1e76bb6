// The ~1 GiB benchmark image (8 gzip layers of pseudo-random text files), built once and cached under
// .data/bench/, and the floor every full read is compared with: gunzip + SHA-256 of the compressed bytes.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Descriptor } from '../certification/image/types';
import { END_OF_ARCHIVE, tarHeader } from '../certification/test-support/hostile/tar-writer';

const BENCH_VERSION = '2';
const LAYERS = 8;
const LAYER_BYTES = 128 * 1024 * 1024;
export const BENCH_ROOT = path.resolve(import.meta.dirname, '..', '.data', 'bench', `image-v${BENCH_VERSION}`);
const ROOT = BENCH_ROOT;
const LAYER_TYPE = 'application/vnd.oci.image.layer.v1.tar+gzip';

// Small deterministic PRNG so the image is the same on every machine.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

// Pseudo-random text: words drawn from a vocabulary, so gzip gets a realistic ~3x.
function textPool(bytes: number, random: () => number): Buffer {
  const words = Array.from({ length: 4000 }, () => {
    const len = 2 + Math.floor(random() * 9);
    return Array.from({ length: len }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
  });
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const w = words[Math.floor(random() * words.length)]! + (random() < 0.1 ? '\n' : ' ');
    parts.push(w);
    size += w.length;
  }
  return Buffer.from(parts.join('')).subarray(0, bytes);
}

async function writeLayer(file: string, layer: number, pool: Buffer, random: () => number): Promise<{ digest: string; diffId: string; size: number }> {
  const diff = createHash('sha256');
  async function* tar() {
    let written = 0;
    let n = 0;
    const emit = (b: Buffer) => {
      diff.update(b);
      written += b.length;
      return b;
    };
    yield emit(tarHeader({ name: `layer${layer}/`, type: '5' }));
    while (written < LAYER_BYTES - 6 * 1024 * 1024) {
      // Mostly small files (0-16 KiB), one large file (1-8 MiB) in a hundred.
      const size = n % 100 === 99 ? 1024 * 1024 + Math.floor(random() * 7 * 1024 * 1024) : Math.floor(random() * 16 * 1024);
      const dir = `layer${layer}/pkg${n % 97}`;
      yield emit(tarHeader({ name: `${dir}/file-${n}.txt`, size, mode: 0o644 }));
      for (let left = size; left > 0; ) {
        const take = Math.min(left, 1024 * 1024);
        const at = Math.floor(random() * (pool.length - take));
        yield emit(pool.subarray(at, at + take));
        left -= take;
      }
      const rest = size % 512;
      if (rest) yield emit(Buffer.alloc(512 - rest));
      n++;
    }
    yield emit(END_OF_ARCHIVE);
  }
  const digest = createHash('sha256');
  const out = createWriteStream(file);
  await pipeline(tar(), createGzip({ level: 6 }), async function* (source) {
    for await (const c of source as AsyncIterable<Buffer>) {
      digest.update(c);
      yield c;
    }
  }, out);
  return { digest: `sha256:${digest.digest('hex')}`, diffId: `sha256:${diff.digest('hex')}`, size: statSync(file).size };
}

function writeJsonBlob(dir: string, value: unknown): { digest: string; size: number } {
  const bytes = Buffer.from(JSON.stringify(value));
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  writeFileSync(path.join(dir, 'blobs', 'sha256', digest.slice(7)), bytes);
  return { digest, size: bytes.length };
}

export async function buildImage(): Promise<void> {
  if (existsSync(path.join(ROOT, 'index.json'))) return;
  const tmp = `${ROOT}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(path.join(tmp, 'blobs', 'sha256'), { recursive: true });
  console.log(`building the bench image in ${ROOT} (once)…`);
  const random = rng(42);
  const pool = textPool(8 * 1024 * 1024, random);
  const layers: Descriptor[] = [];
  const diffIds: string[] = [];
  for (let i = 0; i < LAYERS; i++) {
    const file = path.join(tmp, 'blobs', 'sha256', `tmp-${i}`);
    const l = await writeLayer(file, i, pool, random);
    renameSync(file, path.join(tmp, 'blobs', 'sha256', l.digest.slice(7)));
    layers.push({ mediaType: LAYER_TYPE, digest: l.digest, size: l.size });
    diffIds.push(l.diffId);
  }
  const config = writeJsonBlob(tmp, {
    created: '2026-01-01T00:00:00Z',
    architecture: 'amd64',
    os: 'linux',
    config: { User: '1001', Labels: { name: 'assay-bench' } },
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: layers.map((_, i) => ({ created: '2026-01-01T00:00:00Z', created_by: `layer ${i}` })),
  });
  const manifest = writeJsonBlob(tmp, {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers,
  });
  writeFileSync(path.join(tmp, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    path.join(tmp, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, annotations: { 'org.opencontainers.image.ref.name': 'latest' } }],
    }),
  );
  rmSync(ROOT, { recursive: true, force: true });
  renameSync(tmp, ROOT);
}

export function layoutLayers(): Descriptor[] {
  const index = JSON.parse(readFileSync(path.join(ROOT, 'index.json'), 'utf8'));
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'blobs', 'sha256', index.manifests[0].digest.slice(7)), 'utf8'));
  return manifest.layers;
}

export const blobPath = (d: Descriptor) => path.join(ROOT, 'blobs', 'sha256', d.digest.slice(7));
export const READ_CHUNK = 256 * 1024;

export async function floor(layers: Descriptor[]): Promise<number> {
  let out = 0;
  for (const d of layers) {
    const hash = createHash('sha256');
    const gunzip = createGunzip({ chunkSize: 64 * 1024 });
    const file = createReadStream(blobPath(d), { highWaterMark: READ_CHUNK });
    file.on('data', (c) => hash.update(c));
    file.pipe(gunzip);
    for await (const c of gunzip as AsyncIterable<Buffer>) out += c.length;
    if (`sha256:${hash.digest('hex')}` !== d.digest) throw new Error(`floor: digest mismatch for ${d.digest}`);
  }
  return out;
}

export async function measure<T>(run: () => Promise<T>): Promise<{ result: T; seconds: number; peakRss: number }> {
  global.gc?.();
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const start = performance.now();
  try {
    const result = await run();
    return { result, seconds: (performance.now() - start) / 1000, peakRss: Math.max(peakRss, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}

export const mb = (n: number) => (n / 1e6).toFixed(0);

export interface Round<T> {
  floor: number;
  full: { result: T; seconds: number; peakRss: number };
  ratio: number;
}

/**
 * After a warm-up, alternates floor and full runs (BENCH_ROUNDS, default 3). Each full run is set
 * against the faster of the floors around it, so a load spike on a shared machine skews one round,
 * not the figure; best and median ratios are both printed.
 */
export async function rounds<T>(layers: Descriptor[], full: () => Promise<T>): Promise<{ all: Round<T>[]; best: Round<T>; median: number; floorRss: number }> {
  const n = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
  // One untimed run first: tsx compiles the engine's modules on first import and the JIT warms up,
  // which the floor (a few lines of node:zlib) never pays for.
  const warm = await measure(full);
  console.log(`  warm-up (not counted): ${warm.seconds.toFixed(2)} s`);
  const floors = [await measure(() => floor(layers))];
  const all: Round<T>[] = [];
  for (let i = 0; i < n; i++) {
    const b = await measure(full);
    floors.push(await measure(() => floor(layers)));
    const f = Math.min(floors[i]!.seconds, floors[i + 1]!.seconds);
    all.push({ floor: f, full: b, ratio: b.seconds / f });
    console.log(`  round ${i + 1}: floor ${f.toFixed(2)} s, full ${b.seconds.toFixed(2)} s, ratio ${(b.seconds / f).toFixed(2)}x, peak RSS ${mb(b.peakRss)} MB`);
  }
  const sorted = [...all].sort((a, b) => a.ratio - b.ratio);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]!.ratio : (sorted[mid - 1]!.ratio + sorted[mid]!.ratio) / 2;
  return { all, best: sorted[0]!, median, floorRss: Math.max(...floors.map((f) => f.peakRss)) };
}
