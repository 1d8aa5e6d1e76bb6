import { apiHandler, parseJsonBody } from '@/lib/api/handler';
import { assertAuthorized } from '@/lib/auth/authorize';
import { ZUpdateOrganizationSchema } from '@/lib/schemas/admin';
import { setOrganizationVerified } from '@/lib/server/admin/set-organization-verified';

export const dynamic = 'force-dynamic';

export const PATCH = apiHandler<{ slug: string }>(async ({ actor, sourceIp, params, request }) => {
  assertAuthorized(actor, 'organizations.verify');
  const input = await parseJsonBody(request, ZUpdateOrganizationSchema);
  return setOrganizationVerified({ actor, sourceIp, slug: params.slug, input });
});
