import type { Prisma } from '../generated/prisma/client';
import { db } from '../db/client';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { AppError } from '../errors';
import { platformKeyring } from '../platform-keys';
import { toPublicStatus, transitionSubmission } from '../server/submissions/status-machine';
import { syncAttestation } from './attestation';
import { issueCertificationInTx } from './issue-certification';
import { readStoredReport, reportFacts } from './stored-report';

export interface PublishSubmissionOptions {
  actor: Actor;
  sourceIp?: string | null;
  now?: Date;
}

/** The tag a registry reference names (`…:1.2`), if any. */
function referenceTag(reference: string): string | null {
  const m = /^docker:\/\/[^@]+\/[^/@]+:([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/.exec(reference);
  return m?.[1] ?? null;
}

/**
 * Publishes an approved submission (what approval calls): the product's listing and a listing
 * version from the stored report, `approved → published`, a signed certification statement — one
 * transaction, audited — then the attestation push (retried later when the repository is down).
 */
export async function publishSubmission(submissionId: string, opts: PublishSubmissionOptions) {
  const now = opts.now ?? new Date();
  const submission = await db().submission.findUnique({ where: { id: submissionId }, include: { product: true } });
  if (!submission) throw new AppError('NOT_FOUND', 'No such submission.');
  if (toPublicStatus(submission.status) !== 'approved') {
    throw new AppError('CONFLICT', `Only an approved submission is published; this one is ${toPublicStatus(submission.status)}.`);
  }
  if (!submission.digest || !/^sha256:[0-9a-f]{64}$/.test(submission.digest)) {
    throw new AppError('CONFLICT', `Submission ${submissionId} has no resolved sha256 image digest, got ${submission.digest ?? 'none'}.`);
  }
  const digest = submission.digest;
  const report = await readStoredReport(submission.reportKey);
  const facts = reportFacts(report);
  const keyring = await platformKeyring();
  const platforms = facts.platforms.length ? facts.platforms : submission.platform ? [submission.platform] : [];
  const architectures = [...new Set(platforms.map((p) => p.split('/').slice(1).join('/')).filter(Boolean))];
  const tag = referenceTag(submission.reference);
  const tags = [...new Set([...facts.tags, ...(tag ? [tag] : [])])];
  const grade = submission.grade ?? facts.grade ?? 'ungraded';

  const result = await db().$transaction(async (tx) => {
    await transitionSubmission(tx, { submissionId, to: 'published', actor: opts.actor, sourceIp: opts.sourceIp ?? null, from: ['approved'] });
    const listing = await tx.listing.upsert({
      where: { productId: submission.productId },
      create: { productId: submission.productId, organizationId: submission.organizationId },
      update: {},
    });
    const versionData = {
      submissionId,
      repository: submission.product.repository,
      tags,
      platforms: platforms as Prisma.InputJsonValue,
      architectures,
      grade,
      baseOsId: submission.baseOsId,
      baseOsVersion: submission.baseOsVersion,
      signed: facts.signed,
      packageNames: facts.packageNames,
      reportKey: submission.reportKey,
      certifiedAt: now,
      revokedAt: null,
      revokedReason: null,
    };
    const existing = await tx.listingVersion.findUnique({ where: { listingId_digest: { listingId: listing.id, digest } } });
    if (existing && !existing.revokedAt) {
      throw new AppError('CONFLICT', `${submission.product.repository}@${digest} is already published (listing version ${existing.id}).`);
    }
    // A digest whose certification was revoked can be certified again through a new submission.
    const version = existing
      ? await tx.listingVersion.update({ where: { id: existing.id }, data: versionData })
      : await tx.listingVersion.create({ data: { ...versionData, listingId: listing.id, digest } });
    const updatedListing = await tx.listing.update({ where: { id: listing.id }, data: { latestVersionId: version.id, grade, certifiedAt: now } });
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'listing.publish',
      objectType: 'listing-version',
      objectId: version.id,
      organizationId: submission.organizationId,
      sourceIp: opts.sourceIp ?? null,
      before: existing ? { revokedAt: existing.revokedAt?.toISOString() ?? null, submissionId: existing.submissionId } : null,
      after: { listingId: listing.id, submissionId, digest, grade, platforms, tags, signed: facts.signed },
    });
    const certification = await issueCertificationInTx(tx, version.id, { keyring, report, now, actor: opts.actor, sourceIp: opts.sourceIp ?? null });
    return { listing: updatedListing, listingVersion: version, certification };
  });
  const attestation = await syncAttestation(digest, { now });
  return { ...result, attestation };
}
