'use server';

import type { AuditVerification } from '../audit/verify';
import { verifyAuditTrail } from '../server/audit/verify-audit-trail';
import { runAction, type ActionState } from './run-action';

export async function verifyAuditChainAction(_prev: ActionState<AuditVerification & { verifiedAt: string }>): Promise<ActionState<AuditVerification & { verifiedAt: string }>> {
  return runAction(({ actor }) => verifyAuditTrail({ actor }));
}
