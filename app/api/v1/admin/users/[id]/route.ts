import { apiHandler, parseJsonBody } from '@/lib/api/handler';
import { assertAuthorized } from '@/lib/auth/authorize';
import { ZUpdateUserSchema } from '@/lib/schemas/admin';
import { updateUser } from '@/lib/server/admin/update-user';

export const dynamic = 'force-dynamic';

export const PATCH = apiHandler<{ id: string }>(async ({ actor, sourceIp, params, request }) => {
  // Outsiders learn nothing, not even whether their body was valid.
  assertAuthorized(actor, 'users.write');
  const input = await parseJsonBody(request, ZUpdateUserSchema);
  return updateUser({ actor, sourceIp, userId: params.id, input });
});
