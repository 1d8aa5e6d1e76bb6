import { apiHandler } from '@/lib/api/handler';
import { grantWaiver } from '@/lib/server/waivers/grant-waiver';
import { listSubmissionWaivers } from '@/lib/server/waivers/list-waivers';

type Params = { id: string };

export const GET = apiHandler<Params>(async ({ actor, params }) => ({ items: await listSubmissionWaivers({ actor, submissionId: params.id }) }));

// POST {kind, target, reason, justification, expiresAt} — a waiver or policy exception for the product.
export const POST = apiHandler<Params>(async ({ actor, sourceIp, params, request }) =>
  Response.json(await grantWaiver({ actor, sourceIp, submissionId: params.id, input: await request.json().catch(() => ({})) }), { status: 201 }),
);
