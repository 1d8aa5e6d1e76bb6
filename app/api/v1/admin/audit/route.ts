import { apiHandler } from '@/lib/api/handler';
import { listAuditEvents } from '@/lib/server/audit/list-audit-events';

export const dynamic = 'force-dynamic';

export const GET = apiHandler(({ actor, searchParams }) => listAuditEvents({ actor, query: Object.fromEntries(searchParams) }));
