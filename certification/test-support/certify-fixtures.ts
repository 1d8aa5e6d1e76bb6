import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildOnce } from './build-once';
import { GROUP, LABELS, PASSWD, RHEL9_OS_RELEASE } from '../checks/testing/fixtures';
import { rpmRoots } from '../checks/testing/rpm-roots';
import { openImage } from '../image/open-image';
import {
  bundleReferrerArtifact,
  cosignSignatureArtifact,
  cosignTag,
  generateSigningKey,
  inTotoStatement,
  signBundle,
  signCosign,
  type OciArtifact,
  type SigningKey,
} from '../signatures/sign';
import { addIndexTag, tagged } from './images';
import { pushBlob, pushManifest, startRegistry, type RunningRegistry } from './registry';
import { createGpgHome, lookasideRegistriesD, skopeoStandaloneSign, type GpgHome } from './signing';

// End-to-end material for certify(): real images built with umoci (a RHEL-like image over a real
// rpmdb.sqlite, its arm64 twin and their index, a Debian image with a dpkg status), written to archives
// once and cached; then, per test file, a loopback registry with every signing variant pushed to it.
const VERSION = 'certify-v1';
const ROOT = path.resolve(import.meta.dirname, '..', '..', '.data', 'fixtures');

export const TAG = '1.2.3';
export const DEBIAN_OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n';
export const DPKG_STATUS = `Package: base-files
Status: install ok installed
Priority: required
Section: admin
Installed-Size: 340
Maintainer: Santiago Vila <sanvila@debian.org>
Architecture: amd64
Version: 12.4+deb12u5
Description: Debian base system miscellaneous files

Package: libassay1
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 12
Maintainer: Assay Test Vendor <ops@assay.example>
Architecture: amd64
Source: assay
Version: 1.0-1
Description: Assay test library

Package: assay-removed
Status: deinstall ok config-files
Priority: optional
Section: libs
Maintainer: Assay Test Vendor <ops@assay.example>
Architecture: amd64
Version: 0.9-1
Description: Removed but configured: must not count
`;

export interface CertifyImages {
  dir: string;
  layout: string;
  ociArchive: string;
  dockerArchive: string;
  digests: { rhel: string; rhelArm64: string; multi: string; debian: string };
}

function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env } : {}) });
}

function write(root: string, file: string, content: string, mode = 0o644): void {
  const target = path.join(root, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, content);
  chmodSync(target, mode);
}

/** One umoci layer: unpack the tag, let `fill` change the rootfs, repack. */
function layer(layout: string, tag: string, work: string, fill: (rootfs: string) => void): void {
  const bundle = path.join(work, `bundle-${tag}`);
  run('umoci', ['unpack', '--rootless', '--image', `${layout}:${tag}`, bundle]);
  fill(path.join(bundle, 'rootfs'));
  run('umoci', ['repack', '--image', `${layout}:${tag}`, bundle]);
  rmSync(bundle, { recursive: true, force: true });
}

function accountsAndIdentity(rootfs: string, osRelease: string): void {
  write(rootfs, 'usr/lib/os-release', osRelease);
  mkdirSync(path.join(rootfs, 'etc'), { recursive: true });
  rmSync(path.join(rootfs, 'etc/os-release'), { force: true });
  symlinkSync('../usr/lib/os-release', path.join(rootfs, 'etc/os-release'));
  write(rootfs, 'etc/passwd', PASSWD);
  write(rootfs, 'etc/group', GROUP);
}

function appLayer(rootfs: string): void {
  write(rootfs, 'opt/app/run.sh', '#!/bin/sh\nexec sleep infinity\n', 0o755);
  write(rootfs, 'licenses/LICENSE', 'Acme license terms\n');
}

function configure(layout: string, tag: string): void {
  const labels = Object.entries(LABELS).flatMap(([k, v]) => ['--config.label', `${k}=${v}`]);
  run('umoci', ['config', '--image', `${layout}:${tag}`, '--config.user', '1001', '--config.exposedports', '8080/tcp', '--config.cmd', '/opt/app/run.sh', ...labels, '--os', 'linux', '--architecture', 'amd64', '--history.created_by', 'assay certify fixture']);
}

function build(out: string): void {
  const layout = path.join(out, 'layout');
  run('umoci', ['init', '--layout', layout]);

  run('umoci', ['new', '--image', `${layout}:rhel`]);
  const rpmRoot = rpmRoots().base;
  layer(layout, 'rhel', out, (rootfs) => {
    cpSync(rpmRoot, rootfs, { recursive: true, verbatimSymlinks: true });
    accountsAndIdentity(rootfs, RHEL9_OS_RELEASE);
  });
  layer(layout, 'rhel', out, appLayer);
  configure(layout, 'rhel');
  run('umoci', ['config', '--image', `${layout}:rhel`, '--architecture', 'arm64', '--tag', 'rhel-arm64']);

  run('umoci', ['new', '--image', `${layout}:debian`]);
  layer(layout, 'debian', out, (rootfs) => {
    write(rootfs, 'var/lib/dpkg/status', DPKG_STATUS);
    write(rootfs, 'usr/lib/x86_64-linux-gnu/libassay.so.1', 'library\n');
    accountsAndIdentity(rootfs, DEBIAN_OS_RELEASE);
  });
  layer(layout, 'debian', out, appLayer);
  configure(layout, 'debian');
  run('umoci', ['gc', '--layout', layout]);

  const multi = addIndexTag(layout, 'multi', [
    { tag: 'rhel', platform: { os: 'linux', architecture: 'amd64' } },
    { tag: 'rhel-arm64', platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
  ]);
  run('skopeo', ['copy', '-q', `oci:${layout}:rhel`, `oci-archive:${path.join(out, 'rhel.oci.tar')}:${TAG}`]);
  run('skopeo', ['copy', '-q', `oci:${layout}:rhel`, `docker-archive:${path.join(out, 'rhel.docker.tar')}:acme/app:${TAG}`]);
  const digests = { rhel: tagged(layout, 'rhel').digest, rhelArm64: tagged(layout, 'rhel-arm64').digest, multi, debian: tagged(layout, 'debian').digest };
  writeFileSync(path.join(out, 'digests.json'), JSON.stringify(digests));
}

/** Builds the images unless cached; safe when test files race (atomic rename). */
export function certifyImages(): CertifyImages {
  const dir = path.join(ROOT, VERSION);
  buildOnce(dir, 'digests.json', build);
  return {
    dir,
    layout: path.join(dir, 'layout'),
    ociArchive: path.join(dir, 'rhel.oci.tar'),
    dockerArchive: path.join(dir, 'rhel.docker.tar'),
    digests: JSON.parse(readFileSync(path.join(dir, 'digests.json'), 'utf8')),
  };
}

async function pushArtifact(registry: RunningRegistry, repository: string, artifact: OciArtifact, reference: string): Promise<void> {
  for (const b of artifact.blobs) await pushBlob(registry.url, repository, b.bytes);
  await pushManifest(registry.url, repository, reference, artifact.manifest, 'application/vnd.oci.image.manifest.v1+json');
}

function push(layout: string, tag: string, dest: string, extra: string[] = [], env?: NodeJS.ProcessEnv): void {
  run('skopeo', ['copy', '-q', '--dest-tls-verify=false', ...extra, `oci:${layout}:${tag}`, dest], env);
}

export interface CertifyWorld {
  images: CertifyImages;
  registry: RunningRegistry;
  /** Files a vendor registers: cosign PEM public key and armored OpenPGP key. */
  keyFile: string;
  gpgKeyFile: string;
  lookaside: string;
  /** `host/acme/<name>` per scenario. */
  repos: { signed: string; unsigned: string; wrongKey: string; bundle: string; debian: string; multi: string };
  key: SigningKey;
  vendorGpg: GpgHome;
  otherGpg: GpgHome;
  tmp: string;
  stop(): Promise<void>;
}

/**
 * A registry holding: acme/app signed twice (GPG simple signing via skopeo --sign-by into a lookaside
 * store, and a cosign `.sig` by our signer); acme/unsigned; acme/other signed by an unregistered GPG
 * key; acme/bundled with a Sigstore bundle referrer under the `sha256-<hex>` fallback tag; acme/deb
 * (cosign-signed Debian); acme/multi, the two-platform index, cosign-signed over the index digest.
 * The docker-archive's synthesized manifest is GPG-signed into the same lookaside store.
 */
export async function startCertifyWorld(): Promise<CertifyWorld> {
  const images = certifyImages();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'assay-certify-'));
  const registry = await startRegistry();
  const vendorGpg = createGpgHome('Acme Vendor <sign@acme.example>');
  const otherGpg = createGpgHome('Someone Else <x@other.example>');
  try {
    const host = registry.host;
    const lookaside = path.join(tmp, 'lookaside');
    const rd = lookasideRegistriesD(lookaside);
    const key = generateSigningKey();
    const repos = {
      signed: `${host}/acme/app`,
      unsigned: `${host}/acme/unsigned`,
      wrongKey: `${host}/acme/other`,
      bundle: `${host}/acme/bundled`,
      debian: `${host}/acme/deb`,
      multi: `${host}/acme/multi`,
    };
    const { layout, digests } = images;
    push(layout, 'rhel', `docker://${repos.signed}:${TAG}`, ['--registries.d', rd, '--sign-by', vendorGpg.fingerprint], vendorGpg.env);
    await pushArtifact(registry, 'acme/app', cosignSignatureArtifact([signCosign(key, { digest: digests.rhel, reference: `${repos.signed}:${TAG}` })]), cosignTag(digests.rhel, 'sig'));
    push(layout, 'rhel', `docker://${repos.unsigned}:${TAG}`);
    push(layout, 'rhel', `docker://${repos.wrongKey}:${TAG}`, ['--registries.d', rd, '--sign-by', otherGpg.fingerprint], otherGpg.env);

    push(layout, 'rhel', `docker://${repos.bundle}:${TAG}`);
    const bundle = await signBundle(key, inTotoStatement({ name: repos.bundle, digest: digests.rhel, predicateType: 'https://sigstore.dev/cosign/sign/v1' }));
    const entry = tagged(layout, 'rhel');
    const referrer = bundleReferrerArtifact(bundle, { mediaType: entry.mediaType, digest: entry.digest, size: entry.size });
    await pushArtifact(registry, 'acme/bundled', referrer, referrer.manifestDigest);
    const fallback = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: referrer.manifestDigest, size: referrer.manifest.length, artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json' }],
      }),
    );
    await pushManifest(registry.url, 'acme/bundled', digests.rhel.replace(':', '-'), fallback, 'application/vnd.oci.image.index.v1+json');

    push(layout, 'debian', `docker://${repos.debian}:12.1`);
    await pushArtifact(registry, 'acme/deb', cosignSignatureArtifact([signCosign(key, { digest: digests.debian, reference: `${repos.debian}:12.1` })]), cosignTag(digests.debian, 'sig'));

    push(layout, 'multi', `docker://${repos.multi}:2.0`, ['--all']);
    await pushArtifact(registry, 'acme/multi', cosignSignatureArtifact([signCosign(key, { digest: digests.multi, reference: `${repos.multi}:2.0` })]), cosignTag(digests.multi, 'sig'));

    // A docker-archive has no registry manifest: sign the one the engine synthesizes, as a vendor would sign what they ship.
    const archived = await openImage(`docker-archive:${images.dockerArchive}`, { listTags: false });
    try {
      const sig = skopeoStandaloneSign(vendorGpg, archived.manifestBytes, `${repos.signed}:${TAG}`);
      const target = path.join(lookaside, 'acme', `app@${archived.digest.replace(':', '=')}`);
      mkdirSync(target, { recursive: true });
      writeFileSync(path.join(target, 'signature-1'), sig);
    } finally {
      await archived.close();
    }

    const keyFile = path.join(tmp, 'cosign.pub');
    writeFileSync(keyFile, key.publicKeyPem);
    const gpgKeyFile = path.join(tmp, 'vendor.asc');
    writeFileSync(gpgKeyFile, vendorGpg.publicKey);
    rmSync(rd, { recursive: true, force: true });
    return {
      images,
      registry,
      keyFile,
      gpgKeyFile,
      lookaside,
      repos,
      key,
      vendorGpg,
      otherGpg,
      tmp,
      async stop() {
        await registry.stop();
        vendorGpg.remove();
        otherGpg.remove();
        rmSync(tmp, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await registry.stop();
    vendorGpg.remove();
    otherGpg.remove();
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** An OSV record (Debian's shape) naming the Debian image's `assay` source package, fixed in 1.0-2. */
export function writeDebianAdvisory(dir: string, opts: { published: string; severity?: string }): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'DLA-9999-1.json'),
    JSON.stringify({
      schema_version: '1.7.3',
      id: 'DLA-9999-1',
      published: opts.published,
      modified: opts.published,
      upstream: ['CVE-2026-99999'],
      summary: 'assay - security update',
      affected: [
        {
          package: { name: 'assay', ecosystem: 'Debian:12', purl: 'pkg:deb/debian/assay?arch=source' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0-2' }] }],
          ecosystem_specific: { urgency: opts.severity ?? 'high' },
        },
      ],
    }),
  );
}
