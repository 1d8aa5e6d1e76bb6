import { apiHandler } from '@/lib/api/handler';
import { listMembers } from '@/lib/server/members/list-members';

type Params = { vendor: string };

export const GET = apiHandler<Params>(async ({ actor, params, searchParams }) =>
  listMembers({ actor, slug: params.vendor, query: Object.fromEntries(searchParams) }),
);
