import { apiHandler } from '@/lib/api/handler';
import { activatePolicy } from '@/lib/server/policies/policies';

type Params = { id: string };

export const POST = apiHandler<Params>(async ({ actor, sourceIp, params }) => activatePolicy({ actor, sourceIp, id: params.id }));
