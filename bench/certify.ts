// Full certification against its floor: `npx tsx bench/certify.ts`.
// Reuses the ~1 GiB benchmark image of bench/read-image.ts (built once under .data/bench/) and times
// certify() with the default policy — signature discovery, the one pass over the layers with the
// checks' capture (package DBs, accounts, the secret scan's small files), every check, the report —
// beside the floor: gunzip + SHA-256 of the compressed bytes. Targets: ≤ 1.5× the floor, RSS < 400 MB.
import { certify } from '../certification/certify';
import { BENCH_ROOT, buildImage, floor, layoutLayers, mb, measure } from './bench-image';

await buildImage();
const layers = layoutLayers();
const compressed = layers.reduce((s, l) => s + l.size, 0);
console.log(`image: ${BENCH_ROOT} — ${layers.length} gzip layers, ${mb(compressed)} MB compressed`);

// Floor before and after; the faster run counts (page cache, JIT warm-up).
const a1 = await measure(() => floor(layers));
const b = await measure(() =>
  certify({ source: `oci:${BENCH_ROOT}:latest`, trust: { publicKeys: [], openpgpKeys: [] } }),
);
const a2 = await measure(() => floor(layers));
const a = a1.seconds <= a2.seconds ? a1 : a2;
const bytes = b.result.image.uncompressedSize;
const ratio = b.seconds / a.seconds;
const maxRss = process.resourceUsage().maxRSS * 1024;
console.log(`floor (gunzip + sha256 of compressed): ${a1.seconds.toFixed(2)} s and ${a2.seconds.toFixed(2)} s, best ${mb(a.result / a.seconds)} MB/s uncompressed, peak RSS ${mb(a.peakRss)} MB`);
console.log(`certify() [default policy, ${b.result.checks.length} checks, verdict ${b.result.verdict}]: ${b.seconds.toFixed(2)} s, ${mb(bytes / b.seconds)} MB/s uncompressed, peak RSS ${mb(b.peakRss)} MB`);
console.log(`uncompressed ${mb(bytes)} MB; ratio certify/floor ${ratio.toFixed(2)}x (target ≤ 1.5x${ratio <= 1.5 ? ', met' : ', NOT met'}); process maxRSS ${mb(maxRss)} MB (target < 400 MB${maxRss < 400e6 ? ', met' : ', NOT met'})`);
