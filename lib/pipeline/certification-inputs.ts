import { readOpenPgpKeys, readPublicKey, type AdvisoryIndex, type TrustMaterial, type Waiver } from '@/certification/index';
import { db } from '../db/client';
import { getActivePolicy, type ActivePolicy } from '../server/policies/policies';
import { currentAdvisoryIndex } from '../server/advisories/advisories';

// Everything the engine needs beyond the image, read from the database when a job starts: the active
// policy version, the vendor's registered (not revoked) keys and lookaside stores, the product's
// repository as the identity signatures must name, its live waivers and the newest advisory index.

export interface ProductWaiver {
  id: string;
  kind: 'check' | 'finding' | 'policy_exception';
  target: string;
}

export interface CertificationInputs {
  policy: ActivePolicy;
  trust: TrustMaterial | null;
  lookaside: string[];
  identity: string;
  advisories: AdvisoryIndex | null;
  advisoryImportId: string | null;
  waivers: Waiver[];
  /** The rows behind `waivers`, to link check results and findings to the waiver that applied. */
  waiverRows: ProductWaiver[];
}

export async function loadCertificationInputs(submissionId: string, now = new Date()): Promise<CertificationInputs> {
  const s = await db().submission.findUniqueOrThrow({
    where: { id: submissionId },
    select: {
      product: { select: { id: true, repository: true } },
      organization: {
        select: { lookasideUrls: true, signingKeys: { where: { revokedAt: null }, select: { name: true, kind: true, publicKey: true }, orderBy: { createdAt: 'asc' } } },
      },
    },
  });
  const trust: TrustMaterial = { publicKeys: [], openpgpKeys: [] };
  for (const k of s.organization.signingKeys) {
    if (k.kind === 'pem') trust.publicKeys.push(readPublicKey(k.publicKey, { name: k.name }));
    else trust.openpgpKeys.push(...(await readOpenPgpKeys(k.publicKey, k.name)));
  }
  const rows = await db().waiver.findMany({
    where: { productId: s.product.id, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, kind: true, target: true, reason: true, justification: true, expiresAt: true, grantedBy: { select: { email: true } } },
  });
  const waivers: Waiver[] = rows.map((w) => ({
    ...(w.kind === 'finding' ? { finding: w.target } : { check: w.target }),
    reason: w.reason.replace(/_/g, '-'),
    justification: w.justification,
    expires: w.expiresAt.toISOString(),
    by: w.grantedBy.email,
  }));
  const [policy, advisories] = await Promise.all([getActivePolicy(), currentAdvisoryIndex()]);
  return {
    policy,
    trust: trust.publicKeys.length || trust.openpgpKeys.length ? trust : null,
    lookaside: s.organization.lookasideUrls,
    identity: s.product.repository,
    advisories: advisories?.index ?? null,
    advisoryImportId: advisories?.id ?? null,
    waivers,
    waiverRows: rows.map((w) => ({ id: w.id, kind: w.kind, target: w.target })),
  };
}
