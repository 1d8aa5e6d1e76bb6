import { apiHandler } from '@/lib/api/handler';
import { AppError } from '@/lib/errors';
import { getVendorProfile } from '@/lib/server/organizations/get-organization';
import { updateOrganization } from '@/lib/server/organizations/update-organization';

type Params = { vendor: string };

export const GET = apiHandler<Params>(async ({ actor, params }) => getVendorProfile({ actor, slug: params.vendor }));

export const PATCH = apiHandler<Params>(async ({ actor, sourceIp, params, request }) => {
  const body = await request.json().catch(() => {
    throw new AppError('BAD_REQUEST', 'The request body must be JSON.');
  });
  const updated = await updateOrganization({ actor, sourceIp, slug: params.vendor, input: body });
  return getVendorProfile({ actor, slug: updated.slug });
});
