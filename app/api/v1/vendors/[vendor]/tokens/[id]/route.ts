import { apiHandler } from '@/lib/api/handler';
import { revokeApiToken } from '@/lib/server/tokens/revoke-api-token';

type Params = { vendor: string; id: string };

export const DELETE = apiHandler<Params>(async ({ actor, sourceIp, params }) => revokeApiToken({ actor, sourceIp, slug: params.vendor, tokenId: params.id }));
