import { parseArgs } from 'node:util';
import { formatPlatform } from '../image/manifest';
import { openImage, type OpenedImage } from '../image/open-image';
import type { ImageFilesystem } from '../image/layers/index';
import { parseOsRelease, OS_RELEASE_PATHS, type OsRelease } from '../os-release';
import { humanSize, printable } from './format';
import { IMAGE_OPTIONS, IMAGE_OPTIONS_HELP, imageOptions, UsageError } from './options';

export const INSPECT_HELP = `Usage: assay inspect <source> [options]

Shows an image: digest, platforms, layers, config, labels, tags, file count and OS release.

Sources (skopeo transport names):
  docker://HOST[:PORT]/NAME[:TAG|@DIGEST]   an image in a registry
  oci:DIR[:TAG]                             an OCI image layout directory
  oci-archive:FILE[:TAG]                    a tar of an OCI image layout
  docker-archive:FILE[:NAME:TAG|:@N]        what docker save / skopeo copy write

Options:
  --format json|text            output format (default text)
${IMAGE_OPTIONS_HELP}
`;

export interface InspectReport {
  source: string;
  digest: string;
  mediaType: string;
  indexDigest?: string;
  platform: string;
  platforms: string[];
  tags: string[];
  tagsError?: string;
  layers: Array<{ digest: string; size: number; mediaType: string }>;
  compressedSize: number;
  config: {
    digest: string;
    created?: string;
    author?: string;
    user?: string;
    env: string[];
    entrypoint?: string[];
    cmd?: string[];
    workingDir?: string;
    exposedPorts: string[];
    volumes: string[];
    stopSignal?: string;
    history: number;
  };
  labels: Record<string, string>;
  commandLabels: { run?: string; install?: string; uninstall?: string };
  files: number;
  uncompressedSize: number;
  findings: number;
  osRelease: Pick<OsRelease, 'id' | 'name' | 'versionId' | 'prettyName'> & { path: string } | null;
  osReleaseError?: string;
}

export async function runInspect(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...IMAGE_OPTIONS, format: { type: 'string', default: 'text' } },
    allowPositionals: true,
  });
  if (values.help) {
    out(INSPECT_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`inspect: expected one <source>, got ${positionals.length} (see assay inspect --help)`);
  if (values.format !== 'json' && values.format !== 'text') throw new UsageError(`--format: expected json or text, got "${values.format}"`);
  const image = await openImage(positionals[0]!, imageOptions(values));
  try {
    const fs = await image.readFilesystem({ capture: (p) => (OS_RELEASE_PATHS as readonly string[]).includes(p) });
    const report = buildReport(image, fs);
    out(values.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatText(report));
    return 0;
  } finally {
    await image.close();
  }
}

function readOsRelease(fs: ImageFilesystem): { value: InspectReport['osRelease']; error?: string } {
  for (const candidate of OS_RELEASE_PATHS) {
    // /etc/os-release is usually a symlink to ../usr/lib/os-release.
    const entry = fs.resolve(candidate);
    const content = entry ? fs.content(entry.path) : undefined;
    if (!entry || !content) continue;
    try {
      const r = parseOsRelease(content, entry.path);
      return {
        value: {
          path: entry.path,
          id: r.id,
          ...(r.name ? { name: r.name } : {}),
          ...(r.versionId ? { versionId: r.versionId } : {}),
          ...(r.prettyName ? { prettyName: r.prettyName } : {}),
        },
      };
    } catch (e) {
      return { value: null, error: (e as Error).message };
    }
  }
  return { value: null };
}

function buildReport(image: OpenedImage, fs: ImageFilesystem): InspectReport {
  const c = image.config;
  const os = readOsRelease(fs);
  return {
    source: image.source,
    digest: image.digest,
    mediaType: image.mediaType,
    ...(image.indexDigest ? { indexDigest: image.indexDigest } : {}),
    platform: formatPlatform(image.platform),
    platforms: image.platforms.map(formatPlatform),
    tags: image.tags,
    ...(image.tagsError ? { tagsError: image.tagsError } : {}),
    layers: image.layers.map((l) => ({ digest: l.digest, size: l.size, mediaType: l.mediaType })),
    compressedSize: image.layers.reduce((s, l) => s + l.size, 0),
    config: {
      digest: image.configDigest,
      ...(c.created ? { created: c.created } : {}),
      ...(c.author ? { author: c.author } : {}),
      ...(c.user ? { user: c.user } : {}),
      env: c.env,
      ...(c.entrypoint ? { entrypoint: c.entrypoint } : {}),
      ...(c.cmd ? { cmd: c.cmd } : {}),
      ...(c.workingDir ? { workingDir: c.workingDir } : {}),
      exposedPorts: c.exposedPorts,
      volumes: c.volumes,
      ...(c.stopSignal ? { stopSignal: c.stopSignal } : {}),
      history: c.history.length,
    },
    labels: c.labels,
    commandLabels: c.commandLabels,
    files: fs.stats.entries,
    uncompressedSize: fs.stats.uncompressedBytes,
    findings: fs.findings.length,
    osRelease: os.value,
    ...(os.error ? { osReleaseError: os.error } : {}),
  };
}

function formatText(r: InspectReport): string {
  const lines: string[] = [];
  const row = (k: string, v: string) => lines.push(`${`${k}:`.padEnd(14)}${printable(v)}`);
  row('Source', r.source);
  row('Digest', r.digest);
  if (r.indexDigest) row('Index', r.indexDigest);
  row('Media type', r.mediaType);
  row('Platform', r.platform);
  if (r.platforms.length > 1) row('Platforms', r.platforms.join(', '));
  row('Tags', r.tags.length ? r.tags.join(', ') : r.tagsError ? `(unavailable: ${r.tagsError})` : '(none)');
  if (r.osRelease) row('OS', `${r.osRelease.prettyName ?? r.osRelease.name ?? r.osRelease.id}${r.osRelease.versionId ? ` (${r.osRelease.id} ${r.osRelease.versionId})` : ''}`);
  else row('OS', r.osReleaseError ? `(unreadable os-release: ${r.osReleaseError})` : '(no os-release)');
  row('Files', `${r.files} entries, ${humanSize(r.uncompressedSize)} uncompressed`);
  if (r.findings) row('Findings', `${r.findings} (odd tar entries recorded, not followed)`);
  row('Created', r.config.created ?? '(unknown)');
  row('User', r.config.user ?? '(root by default)');
  if (r.config.entrypoint) row('Entrypoint', JSON.stringify(r.config.entrypoint));
  if (r.config.cmd) row('Cmd', JSON.stringify(r.config.cmd));
  if (r.config.workingDir) row('Workdir', r.config.workingDir);
  if (r.config.exposedPorts.length) row('Ports', r.config.exposedPorts.join(', '));
  if (r.config.volumes.length) row('Volumes', r.config.volumes.join(', '));
  for (const e of r.config.env) row('Env', e);
  lines.push(`Layers (${r.layers.length}, ${humanSize(r.compressedSize)}):`);
  r.layers.forEach((l, i) => lines.push(`  ${String(i).padStart(2)}  ${l.digest}  ${humanSize(l.size).padStart(10)}  ${l.mediaType}`));
  const labels = Object.entries(r.labels).sort(([a], [b]) => a.localeCompare(b));
  lines.push(`Labels (${labels.length}):`);
  for (const [k, v] of labels) lines.push(`  ${printable(k)}=${printable(v)}`);
  return `${lines.join('\n')}\n`;
}
