import { apiHandler } from '@/lib/api/handler';
import { listOrganizations } from '@/lib/server/admin/list-organizations';

export const dynamic = 'force-dynamic';

export const GET = apiHandler(({ actor, searchParams }) => listOrganizations({ actor, query: Object.fromEntries(searchParams) }));
