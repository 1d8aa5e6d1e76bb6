import { apiHandler } from '@/lib/api/handler';
import { verifyAuditTrail } from '@/lib/server/audit/verify-audit-trail';

export const dynamic = 'force-dynamic';

export const POST = apiHandler(({ actor }) => verifyAuditTrail({ actor }));
