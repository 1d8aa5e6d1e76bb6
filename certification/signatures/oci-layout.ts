import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CertificationError } from '../errors';
import { OCI_MANIFEST_MEDIA_TYPE, type OciArtifact } from './sign';

// Writes signature artifacts into an OCI image layout, so `skopeo copy oci:DIR:TAG docker://…` can
// push them. Adds to an existing layout; an entry with the same tag is replaced.
const REF_NAME = 'org.opencontainers.image.ref.name';

export async function writeArtifactToOciLayout(dir: string, artifact: OciArtifact, tag: string): Promise<void> {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
    throw new CertificationError('INVALID_REFERENCE', `OCI layout tag: expected [A-Za-z0-9_.-] up to 128 characters, got "${tag}"`);
  }
  const blobs = path.join(dir, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  await writeFile(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  for (const b of [...artifact.blobs, { digest: artifact.manifestDigest, bytes: artifact.manifest }]) {
    await writeFile(path.join(blobs, b.digest.slice('sha256:'.length)), b.bytes);
  }
  const indexPath = path.join(dir, 'index.json');
  let index: { schemaVersion: number; mediaType?: string; manifests: Array<{ annotations?: Record<string, string> }> } = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [],
  };
  const existing = await readFile(indexPath, 'utf8').catch(() => undefined);
  if (existing) index = JSON.parse(existing);
  index.manifests = index.manifests.filter((m) => m.annotations?.[REF_NAME] !== tag);
  index.manifests.push({
    mediaType: OCI_MANIFEST_MEDIA_TYPE,
    digest: artifact.manifestDigest,
    size: artifact.manifest.length,
    annotations: { [REF_NAME]: tag },
  } as { annotations: Record<string, string> });
  await writeFile(indexPath, JSON.stringify(index));
}
