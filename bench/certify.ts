// Full certification against its floor: `npx tsx bench/certify.ts`.
// Reuses the ~1 GiB benchmark image of bench/read-image.ts (built once under .data/bench/) and times
// certify() with the default policy — signature discovery, the one pass over the layers with the
// checks' capture (package DBs, accounts, the secret scan's small files), every check, the report —
// beside the floor: gunzip + SHA-256 of the compressed bytes. Targets: ≤ 1.5× the floor, RSS < 400 MB.
import { certify } from '../certification/certify';
import { BENCH_ROOT, buildImage, layoutLayers, mb, rounds } from './bench-image';

await buildImage();
const layers = layoutLayers();
const compressed = layers.reduce((s, l) => s + l.size, 0);
console.log(`image: ${BENCH_ROOT} — ${layers.length} gzip layers, ${mb(compressed)} MB compressed; floor = gunzip + sha256 of the compressed bytes`);
const { best, median, floorRss, all } = await rounds(layers, () =>
  certify({ source: `oci:${BENCH_ROOT}:latest`, trust: { publicKeys: [], openpgpKeys: [] } }),
);
const b = best.full;
const bytes = b.result.image.uncompressedSize;
const maxRss = process.resourceUsage().maxRSS * 1024;
console.log(`floor (best round): ${best.floor.toFixed(2)} s, ${mb(bytes / best.floor)} MB/s uncompressed, peak RSS ${mb(floorRss)} MB`);
console.log(`certify() [default policy, ${b.result.checks.length} checks, verdict ${b.result.verdict}]: ${b.seconds.toFixed(2)} s, ${mb(bytes / b.seconds)} MB/s uncompressed, peak RSS ${mb(Math.max(...all.map((r) => r.full.peakRss)))} MB`);
console.log(`uncompressed ${mb(bytes)} MB; ratio certify/floor best ${best.ratio.toFixed(2)}x, median ${median.toFixed(2)}x of ${all.length} (target ≤ 1.5x${best.ratio <= 1.5 ? ', met' : ', NOT met'}); process maxRSS ${mb(maxRss)} MB (target < 400 MB${maxRss < 400e6 ? ', met' : ', NOT met'})`);
