import type { Prisma } from '../generated/prisma/client';
import { db, type Tx } from '../db/client';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { AppError } from '../errors';
import { appUrl } from '../mail/messages';
import { platformKeyring, type Keyring } from '../platform-keys';
import { certificationConfig } from './config';
import { buildCertificationStatement, signCertificationStatement, type CertificationPredicate } from './statement';
import { readStoredReport, reportFacts } from './stored-report';
import { syncAttestation, type AttestationSync } from './attestation';

export const CERTIFICATIONS_ACTOR: Actor = { kind: 'system', label: 'certifications' };

export function statusUrl(digest: string): string {
  return appUrl(`/api/v1/certifications/${digest}`);
}

export function statementUrl(digest: string): string {
  return appUrl(`/api/v1/certifications/${digest}/statement`);
}

/** What issuing needs besides the database: the keyring and the report, loaded outside the transaction. */
export interface IssueContext {
  keyring: Keyring;
  report: Record<string, unknown> | null;
  now: Date;
  actor: Actor;
  sourceIp?: string | null;
}

export async function loadIssueContext(listingVersionId: string, opts: { now?: Date; actor?: Actor; sourceIp?: string | null } = {}): Promise<IssueContext> {
  const lv = await db().listingVersion.findUnique({ where: { id: listingVersionId }, select: { reportKey: true } });
  if (!lv) throw new AppError('NOT_FOUND', `No listing version ${listingVersionId}.`);
  return {
    keyring: await platformKeyring(),
    report: await readStoredReport(lv.reportKey),
    now: opts.now ?? new Date(),
    actor: opts.actor ?? CERTIFICATIONS_ACTOR,
    sourceIp: opts.sourceIp ?? null,
  };
}

const active = (w: { revokedAt: Date | null; expiresAt: Date } | null, now: Date) => !!w && !w.revokedAt && w.expiresAt > now;

/**
 * Signs and stores a new statement for a listing version inside `tx` (locking the version, refusing
 * a revoked one). The attestation push happens after commit (syncAttestation).
 */
export async function issueCertificationInTx(tx: Tx, listingVersionId: string, ctx: IssueContext) {
  await tx.$queryRaw`SELECT id FROM listing_versions WHERE id = ${listingVersionId} FOR UPDATE`;
  const lv = await tx.listingVersion.findUnique({
    where: { id: listingVersionId },
    include: {
      listing: { include: { product: true, organization: true } },
      submission: {
        include: {
          policy: true,
          checkResults: { include: { waiver: true }, orderBy: { checkId: 'asc' } },
          findings: { where: { waiverId: { not: null } }, include: { waiver: true } },
          reviews: { where: { decision: 'approved' }, orderBy: { createdAt: 'desc' }, take: 1, include: { reviewer: { select: { name: true } } } },
        },
      },
    },
  });
  if (!lv) throw new AppError('NOT_FOUND', `No listing version ${listingVersionId}.`);
  if (lv.revokedAt) throw new AppError('CONFLICT', `The certification of ${lv.digest} was revoked ${lv.revokedAt.toISOString()}: no new statement is issued.`);

  const { now, keyring } = ctx;
  const config = certificationConfig();
  const expiresAt = new Date(now.getTime() + config.lifetimeMs);
  const facts = reportFacts(ctx.report);
  const s = lv.submission;
  const checks = s.checkResults.length
    ? s.checkResults.map((c) => ({ id: c.checkId, status: c.status, waived: active(c.waiver, now) }))
    : facts.checks;
  const applied = new Map<string, NonNullable<(typeof s.checkResults)[number]['waiver']>>();
  for (const item of [...s.checkResults, ...s.findings]) if (item.waiver && active(item.waiver, now)) applied.set(item.waiver.id, item.waiver);
  const product = lv.listing.product;
  const organization = lv.listing.organization;
  const predicate: CertificationPredicate = {
    platformUrl: appUrl('/'),
    statusUrl: statusUrl(lv.digest),
    vendor: { slug: organization.slug, name: organization.name },
    product: { slug: product.slug, name: product.name, repository: lv.repository },
    policy: s.policy ? { name: s.policy.name, version: String(s.policy.version), digest: s.policy.digest } : facts.policy,
    checks,
    grade: lv.grade,
    waivers: [...applied.values()].map((w) => ({ kind: w.kind.replace(/_/g, '-'), target: w.target, reason: w.reason.replace(/_/g, '-'), expiresAt: w.expiresAt.toISOString() })),
    reviewer: s.reviews[0] ? { name: s.reviews[0].reviewer.name } : null,
    issuedAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
  };
  const statement = buildCertificationStatement({ repository: lv.repository, digest: lv.digest, predicate });
  const envelope = signCertificationStatement(keyring.current.signer, statement);
  const certification = await tx.certification.create({
    data: {
      listingVersionId: lv.id,
      digest: lv.digest,
      keyId: keyring.current.keyId,
      envelope: envelope as unknown as Prisma.InputJsonValue,
      issuedAt: now,
      expiresAt,
    },
  });
  await recordAudit(tx, {
    actor: ctx.actor,
    action: 'certification.issue',
    objectType: 'certification',
    objectId: certification.id,
    organizationId: organization.id,
    sourceIp: ctx.sourceIp ?? null,
    after: { digest: lv.digest, listingVersionId: lv.id, keyId: keyring.current.keyId, issuedAt: predicate.issuedAt, expiresAt: predicate.expiresAt },
  });
  return certification;
}

/** Issues a fresh statement for a published listing version and pushes its attestation. */
export async function issueCertification(listingVersionId: string, opts: { now?: Date; actor?: Actor } = {}) {
  const ctx = await loadIssueContext(listingVersionId, opts);
  const certification = await db().$transaction((tx) => issueCertificationInTx(tx, listingVersionId, ctx));
  const attestation: AttestationSync = await syncAttestation(certification.digest, { now: ctx.now });
  return { certification, attestation };
}
