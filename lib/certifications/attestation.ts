import { cosignAttestationArtifact, cosignTag, OCI_MANIFEST_MEDIA_TYPE } from '@/certification/signatures/sign';
import type { DsseEnvelope } from '@/certification/signatures/dsse';
import { db } from '../db/client';
import { OciPushClient, parseRepositoryName } from '../oci-push/push-client';
import { certificationConfig } from './config';
import { CERTIFICATION_PREDICATE_TYPE } from './statement';

// The attestation repository mirrors the database: under `sha256-<hex>.att` it holds, as cosign
// attestation layers, every unexpired statement of a digest whose certification stands, and nothing
// once it is revoked. The database is the source of truth: a failed push is recorded on the rows
// and retried by the maintenance loop; the statements themselves are never lost.

export interface AttestationSync {
  digest: string;
  /** `<repository>:sha256-<hex>.att`, or null when no attestation repository is configured. */
  location: string | null;
  outcome: 'pushed' | 'removed' | 'not-configured' | 'failed';
  statements: number;
  manifestDigest?: string;
  error?: string;
}

const log = (line: string) => console.warn(`[attestations] ${line}`);

/** Pushes (or removes) the attestation of one digest so the repository matches the database. Never throws. */
export async function syncAttestation(digest: string, opts: { now?: Date } = {}): Promise<AttestationSync> {
  const config = certificationConfig().attestation;
  if (!config) return { digest, location: null, outcome: 'not-configured', statements: 0 };
  const now = opts.now ?? new Date();
  const tag = cosignTag(digest, 'att');
  const location = `${config.repository}:${tag}`;
  const rows = await db().certification.findMany({
    where: { digest, expiresAt: { gt: now }, listingVersion: { revokedAt: null } },
    orderBy: { issuedAt: 'asc' },
    select: { id: true, envelope: true },
  });
  try {
    const { registry, repository } = parseRepositoryName(config.repository);
    const client = new OciPushClient(registry, { tlsVerify: config.tlsVerify, ...(config.credentials ? { credentials: config.credentials } : {}) });
    if (!rows.length) {
      const existing = await client.manifestDigest(repository, tag, OCI_MANIFEST_MEDIA_TYPE);
      if (existing) await client.deleteManifest(repository, existing);
      return { digest, location, outcome: 'removed', statements: 0 };
    }
    const artifact = cosignAttestationArtifact(rows.map((r) => ({ envelope: r.envelope as unknown as DsseEnvelope, predicateType: CERTIFICATION_PREDICATE_TYPE })));
    const { manifestDigest } = await client.pushArtifact(repository, tag, artifact, OCI_MANIFEST_MEDIA_TYPE);
    await db().certification.updateMany({
      where: { id: { in: rows.map((r) => r.id) } },
      data: { attestationPushedAt: new Date(), attestationError: null },
    });
    return { digest, location, outcome: 'pushed', statements: rows.length, manifestDigest };
  } catch (e) {
    const error = (e as Error).message;
    log(`${location}: push failed, will retry: ${error}`);
    if (rows.length) {
      await db()
        .certification.updateMany({
          where: { id: { in: rows.map((r) => r.id) }, attestationPushedAt: null },
          data: { attestationError: error.slice(0, 1000), attestationAttempts: { increment: 1 } },
        })
        .catch(() => undefined);
    }
    return { digest, location, outcome: 'failed', statements: rows.length, error };
  }
}

/** Retries every digest with a statement not yet pushed (the maintenance loop calls this). */
export async function pushPendingAttestations(opts: { now?: Date } = {}): Promise<AttestationSync[]> {
  if (!certificationConfig().attestation) return [];
  const now = opts.now ?? new Date();
  const pending = await db().certification.findMany({
    where: { attestationPushedAt: null, expiresAt: { gt: now }, listingVersion: { revokedAt: null } },
    distinct: ['digest'],
    select: { digest: true },
  });
  const results: AttestationSync[] = [];
  for (const { digest } of pending) results.push(await syncAttestation(digest, { now }));
  return results;
}
