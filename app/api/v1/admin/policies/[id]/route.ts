import { apiHandler } from '@/lib/api/handler';
import { getPolicy } from '@/lib/server/policies/policies';

type Params = { id: string };

export const GET = apiHandler<Params>(async ({ actor, params }) => getPolicy({ actor, id: params.id }));
