import { apiHandler } from '@/lib/api/handler';
import { revokeSigningKey } from '@/lib/server/signing-keys/revoke-signing-key';

type Params = { vendor: string; id: string };

export const DELETE = apiHandler<Params>(async ({ actor, sourceIp, params }) => revokeSigningKey({ actor, sourceIp, slug: params.vendor, keyId: params.id }));
