import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildOnce } from './build-once';

// Small real images, built once with umoci and written to every archive format with skopeo.
// Cached under .data/fixtures/images-<VERSION>; bump VERSION whenever the build below changes.
const VERSION = 'v3';
const ROOT = path.resolve(import.meta.dirname, '..', '..', '.data', 'fixtures');

export interface ImageFixtures {
  dir: string;
  /** OCI layout with tags `base` (linux/amd64), `arm64` (linux/arm64) and `multi` (an index of both). */
  layout: string;
  /** `oci-archive` of `base`, tagged `base`. */
  ociArchive: string;
  /** `docker-archive` of `base`, RepoTags `assay/base:1.0`. */
  dockerArchive: string;
  digests: { base: string; arm64: string; multi: string };
}

function run(cmd: string, args: string[], cwd?: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

interface IndexEntry {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: { os: string; architecture: string };
}

function readIndex(layout: string): { schemaVersion: number; manifests: IndexEntry[] } {
  return JSON.parse(readFileSync(path.join(layout, 'index.json'), 'utf8'));
}

export function tagged(layout: string, tag: string): IndexEntry {
  const entry = readIndex(layout).manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === tag);
  if (!entry) throw new Error(`fixture build: no tag ${tag} in ${layout}`);
  return entry;
}

function build(out: string): void {
  const layout = path.join(out, 'layout');
  const bundle = path.join(out, 'bundle');
  run('umoci', ['init', '--layout', layout]);
  run('umoci', ['new', '--image', `${layout}:base`]);

  run('umoci', ['unpack', '--rootless', '--image', `${layout}:base`, bundle]);
  const rootfs = path.join(bundle, 'rootfs');
  for (const d of ['etc', 'usr/bin', 'tmp', 'opt/app']) mkdirSync(path.join(rootfs, d), { recursive: true });
  writeFileSync(
    path.join(rootfs, 'etc/os-release'),
    'NAME="Assay Test Linux"\nID=assaylinux\nID_LIKE="rhel fedora"\nVERSION_ID="9.4"\nPRETTY_NAME="Assay Test Linux 9.4 (Plow)"\n',
  );
  writeFileSync(path.join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\napp:x:1001:0::/opt/app:/sbin/nologin\n');
  writeFileSync(path.join(rootfs, 'usr/bin/hello'), '#!/bin/sh\necho hello from assay\n');
  chmodSync(path.join(rootfs, 'usr/bin/hello'), 0o755);
  symlinkSync('hello', path.join(rootfs, 'usr/bin/hi'));
  writeFileSync(path.join(rootfs, 'tmp/gone.txt'), 'deleted in layer 1\n');
  run('umoci', ['repack', '--image', `${layout}:base`, bundle]);
  rmSync(bundle, { recursive: true, force: true });

  run('umoci', ['unpack', '--rootless', '--image', `${layout}:base`, bundle]);
  rmSync(path.join(bundle, 'rootfs/tmp/gone.txt'));
  writeFileSync(path.join(bundle, 'rootfs/opt/app/data.txt'), 'layer two\n');
  run('umoci', ['repack', '--image', `${layout}:base`, bundle]);
  rmSync(bundle, { recursive: true, force: true });

  run('umoci', [
    'config',
    '--image', `${layout}:base`,
    '--config.user', '1001:0',
    '--config.env', 'APP_HOME=/opt/app',
    '--config.entrypoint', '/usr/bin/hello',
    '--config.cmd', '--verbose',
    '--config.exposedports', '8080/tcp',
    '--config.volume', '/data',
    '--config.workingdir', '/opt/app',
    '--config.label', 'name=assay-base',
    '--config.label', 'vendor=Assay Test Vendor',
    '--config.label', 'RUN=podman run -d IMAGE',
    '--architecture', 'amd64',
    '--os', 'linux',
    '--history.created_by', 'assay fixture build',
  ]);
  run('umoci', ['config', '--image', `${layout}:base`, '--architecture', 'arm64', '--config.label', 'name=assay-arm64', '--tag', 'arm64']);
  run('umoci', ['gc', '--layout', layout]);

  // umoci cannot write indexes: add one by hand that lists both platform images.
  const base = tagged(layout, 'base');
  const arm64 = tagged(layout, 'arm64');
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { mediaType: base.mediaType, digest: base.digest, size: base.size, platform: { os: 'linux', architecture: 'amd64' } },
        { mediaType: arm64.mediaType, digest: arm64.digest, size: arm64.size, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      ],
    }),
  );
  const indexDigest = sha256(index);
  writeFileSync(path.join(layout, 'blobs/sha256', indexDigest.slice(7)), index);
  const top = readIndex(layout);
  top.manifests.push({
    mediaType: 'application/vnd.oci.image.index.v1+json',
    digest: indexDigest,
    size: index.length,
    annotations: { 'org.opencontainers.image.ref.name': 'multi' },
  });
  writeFileSync(path.join(layout, 'index.json'), JSON.stringify(top));

  run('skopeo', ['copy', '-q', `oci:${layout}:base`, `oci-archive:${path.join(out, 'base.oci.tar')}:base`]);
  run('skopeo', ['copy', '-q', `oci:${layout}:base`, `docker-archive:${path.join(out, 'base.docker.tar')}:assay/base:1.0`]);
  writeFileSync(
    path.join(out, 'digests.json'),
    JSON.stringify({ base: base.digest, arm64: arm64.digest, multi: indexDigest }),
  );
}

/** Builds the fixtures unless the cache has them; safe when several test files race (atomic rename). */
export function imageFixtures(): ImageFixtures {
  const dir = path.join(ROOT, `images-${VERSION}`);
  buildOnce(dir, 'digests.json', build);
  return {
    dir,
    layout: path.join(dir, 'layout'),
    ociArchive: path.join(dir, 'base.oci.tar'),
    dockerArchive: path.join(dir, 'base.docker.tar'),
    digests: JSON.parse(readFileSync(path.join(dir, 'digests.json'), 'utf8')),
  };
}

/** Pushes fixture tags to a registry with skopeo (`--all` keeps every platform of an index). */
export function pushToRegistry(layout: string, tag: string, dest: string, opts: { all?: boolean; extra?: string[] } = {}): void {
  run('skopeo', ['copy', '-q', '--dest-tls-verify=false', ...(opts.all ? ['--all'] : []), ...(opts.extra ?? []), `oci:${layout}:${tag}`, dest]);
}

/** Adds an image index over tagged platform images to a layout (umoci cannot write indexes) and tags it. */
export function addIndexTag(layout: string, tag: string, images: Array<{ tag: string; platform: { os: string; architecture: string; variant?: string } }>): string {
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: images.map((i) => {
        const e = tagged(layout, i.tag);
        return { mediaType: e.mediaType, digest: e.digest, size: e.size, platform: i.platform };
      }),
    }),
  );
  const digest = sha256(index);
  writeFileSync(path.join(layout, 'blobs/sha256', digest.slice(7)), index);
  const top = readIndex(layout);
  top.manifests = top.manifests.filter((m) => m.annotations?.['org.opencontainers.image.ref.name'] !== tag);
  top.manifests.push({ mediaType: 'application/vnd.oci.image.index.v1+json', digest, size: index.length, annotations: { 'org.opencontainers.image.ref.name': tag } });
  writeFileSync(path.join(layout, 'index.json'), JSON.stringify(top));
  return digest;
}
