import { apiHandler } from '@/lib/api/handler';
import { revokeWaiver } from '@/lib/server/waivers/revoke-waiver';

type Params = { id: string; waiverId: string };

// DELETE revokes the waiver (kept for the record, no longer applied).
export const DELETE = apiHandler<Params>(async ({ actor, sourceIp, params, request }) =>
  revokeWaiver({ actor, sourceIp, waiverId: params.waiverId, input: await request.json().catch(() => ({})) }),
);
