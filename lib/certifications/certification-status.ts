import { db } from '../db/client';
import { AppError } from '../errors';
import { statementUrl } from './issue-certification';

export const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

export interface CertificationStatus {
  digest: string;
  status: 'certified' | 'revoked' | 'expired' | 'not-certified';
  vendor: { slug: string; name: string } | null;
  product: { slug: string; name: string; repository: string } | null;
  certifiedAt: string | null;
  expiresAt: string | null;
  revokedAt?: string;
  reason?: string;
  statementUrl: string | null;
}

export function assertDigest(digest: string): string {
  const d = digest.trim().toLowerCase();
  if (!DIGEST_PATTERN.test(d)) {
    throw new AppError('VALIDATION_FAILED', `Expected an image digest like sha256:<64 hex>, got "${digest.slice(0, 80)}".`, {
      details: { issues: [{ field: 'digest', message: 'Expected sha256:<64 hex characters>' }] },
    });
  }
  return d;
}

/** What admission controllers ask: is this digest certified right now? Public; read fresh every time. */
export async function certificationStatus(digestInput: string, opts: { now?: Date } = {}): Promise<CertificationStatus> {
  const digest = assertDigest(digestInput);
  const now = opts.now ?? new Date();
  const versions = await db().listingVersion.findMany({
    where: { digest, submission: { status: { in: ['published', 'revoked', 'expired'] } } },
    orderBy: { certifiedAt: 'desc' },
    include: {
      listing: { include: { product: { select: { slug: true, name: true } }, organization: { select: { slug: true, name: true } } } },
      submission: { select: { status: true } },
      certifications: { orderBy: { issuedAt: 'desc' }, take: 1, select: { expiresAt: true } },
    },
  });
  // A standing certification wins over an older revoked one of the same digest (another product).
  const lv = versions.find((v) => !v.revokedAt) ?? versions[0];
  if (!lv) {
    return { digest, status: 'not-certified', vendor: null, product: null, certifiedAt: null, expiresAt: null, statementUrl: null };
  }
  const expiresAt = lv.certifications[0]?.expiresAt ?? null;
  const status: CertificationStatus['status'] = lv.revokedAt
    ? 'revoked'
    : lv.submission.status === 'expired' || !expiresAt || expiresAt <= now
      ? 'expired'
      : 'certified';
  return {
    digest,
    status,
    vendor: { slug: lv.listing.organization.slug, name: lv.listing.organization.name },
    product: { slug: lv.listing.product.slug, name: lv.listing.product.name, repository: lv.repository },
    certifiedAt: lv.certifiedAt.toISOString(),
    expiresAt: expiresAt?.toISOString() ?? null,
    ...(lv.revokedAt ? { revokedAt: lv.revokedAt.toISOString(), reason: lv.revokedReason ?? '' } : {}),
    statementUrl: lv.revokedAt ? null : statementUrl(digest),
  };
}

/** The newest statement of a standing certification; revoked or unknown digests have none to hand out. */
export async function certificationStatement(digestInput: string): Promise<unknown> {
  const digest = assertDigest(digestInput);
  const status = await certificationStatus(digest);
  if (status.status === 'revoked') {
    throw new AppError('NOT_FOUND', `The certification of ${digest} was revoked ${status.revokedAt}: ${status.reason}`, {
      details: { status: 'revoked', revokedAt: status.revokedAt, reason: status.reason },
    });
  }
  const row = await db().certification.findFirst({
    where: { digest, listingVersion: { revokedAt: null, submission: { status: { in: ['published', 'expired'] } } } },
    orderBy: { issuedAt: 'desc' },
    select: { envelope: true },
  });
  if (!row) throw new AppError('NOT_FOUND', `${digest} is not certified here.`, { details: { status: 'not-certified' } });
  return row.envelope;
}
