import { apiHandler } from '@/lib/api/handler';
import { listUsers } from '@/lib/server/admin/list-users';

export const dynamic = 'force-dynamic';

export const GET = apiHandler(({ actor, searchParams }) => listUsers({ actor, query: Object.fromEntries(searchParams) }));
