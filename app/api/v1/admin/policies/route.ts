import { NextResponse } from 'next/server';
import { apiHandler, parseJsonBody } from '@/lib/api/handler';
import { createPolicyVersion, listPolicies } from '@/lib/server/policies/policies';
import { ZCreatePolicyVersionSchema } from '@/lib/schemas/policy';

export const GET = apiHandler(async ({ actor }) => ({ items: await listPolicies({ actor }) }));

// A new version of the policy: `document` as JSON text or an object; active at once unless `activate: false`.
export const POST = apiHandler(async ({ actor, sourceIp, request }) => {
  const body = await parseJsonBody(request, ZCreatePolicyVersionSchema);
  const document = typeof body.document === 'string' ? body.document : JSON.stringify(body.document);
  const created = await createPolicyVersion({ actor, sourceIp, document, activate: body.activate });
  return NextResponse.json(created, { status: 201 });
});
