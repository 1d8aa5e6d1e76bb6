import { apiHandler } from '@/lib/api/handler';
import { markNotificationsRead } from '@/lib/server/notifications/list-notifications';

// POST {ids?: string[]} — marks those (or, without ids, all) of the user's notifications read.
export const POST = apiHandler(async ({ actor, request }) => {
  const body = (await request.json().catch(() => ({}))) as { ids?: string[] };
  return markNotificationsRead({ actor, ids: body?.ids });
});
