// Full image read against its floor: `npx tsx bench/read-image.ts`.
// Builds (once, cached under .data/bench/) an OCI layout of ~1 GiB uncompressed in 8 gzip layers,
// then times (a) plain gunzip + SHA-256 of the compressed bytes and (b) the engine's full read:
// digest verification, decompression, tar parsing, the filesystem view and per-file SHA-256.
import { createReadStream } from 'node:fs';
import { verifyBlob } from '../certification/image/digest';
import { ImageFilesystem } from '../certification/image/layers';
import { DEFAULT_LIMITS } from '../certification/image/limits';
import type { Descriptor } from '../certification/image/types';
import { BENCH_ROOT as ROOT, blobPath, buildImage, layoutLayers, mb, READ_CHUNK, rounds } from './bench-image';

async function fullRead(layers: Descriptor[]): Promise<{ bytes: number; entries: number; how: string }> {
  try {
    const { openImage } = await import('../certification/image/open-image');
    const image = await openImage(`oci:${ROOT}:latest`);
    try {
      const fs = await image.readFilesystem();
      return { bytes: fs.stats.uncompressedBytes, entries: fs.stats.entries, how: "openImage('oci:…').readFilesystem()" };
    } finally {
      await image.close();
    }
  } catch (e) {
    if (!(e instanceof Error) || !/Cannot find module|does not provide an export|is not a function/.test(e.message)) throw e;
  }
  const fs = new ImageFilesystem({ limits: DEFAULT_LIMITS });
  for (const [index, d] of layers.entries()) {
    const stream = verifyBlob(createReadStream(blobPath(d), { highWaterMark: READ_CHUNK }), d, { where: `layer ${index}` });
    await fs.applyLayer({ index, descriptor: d, stream });
  }
  return { bytes: fs.stats.uncompressedBytes, entries: fs.stats.entries, how: 'layout blobs read directly: verifyBlob → ImageFilesystem (openImage not available)' };
}

await buildImage();
const layers = layoutLayers();
const compressed = layers.reduce((s, l) => s + l.size, 0);
console.log(`image: ${ROOT} — ${layers.length} gzip layers, ${mb(compressed)} MB compressed; floor = gunzip + sha256 of the compressed bytes`);
const { best, median, floorRss, all } = await rounds(layers, () => fullRead(layers));
const b = best.full;
const maxRss = process.resourceUsage().maxRSS * 1024;
console.log(`floor (best round): ${best.floor.toFixed(2)} s, ${mb(b.result.bytes / best.floor)} MB/s uncompressed, peak RSS ${mb(floorRss)} MB`);
console.log(`full read [${b.result.how}]: ${b.seconds.toFixed(2)} s, ${mb(b.result.bytes / b.seconds)} MB/s uncompressed, ${b.result.entries} entries, peak RSS ${mb(Math.max(...all.map((r) => r.full.peakRss)))} MB`);
console.log(`uncompressed ${mb(b.result.bytes)} MB; ratio full/floor best ${best.ratio.toFixed(2)}x, median ${median.toFixed(2)}x of ${all.length} (target ≤ 1.3x${best.ratio <= 1.3 ? ', met' : ', NOT met'}); process maxRSS ${mb(maxRss)} MB (target < 300 MB${maxRss < 300e6 ? ', met' : ', NOT met'})`);
