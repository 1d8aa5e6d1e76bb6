import { db } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { assertAuthorized } from '../../auth/authorize';
import { verifyAuditChain, type AuditVerification } from '../../audit/verify';

/** Admins re-check the whole hash chain on demand (the same check as `npm run audit:verify`). */
export async function verifyAuditTrail({ actor }: { actor: Actor }): Promise<AuditVerification & { verifiedAt: string }> {
  assertAuthorized(actor, 'audit.read');
  const result = await verifyAuditChain(db());
  return { ...result, verifiedAt: new Date().toISOString() };
}
