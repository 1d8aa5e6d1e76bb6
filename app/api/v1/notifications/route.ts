import { apiHandler } from '@/lib/api/handler';
import { ZPaginationSchema } from '@/lib/api/pagination';
import { fromZodError } from '@/lib/errors';
import { listNotifications } from '@/lib/server/notifications/list-notifications';

// GET /api/v1/notifications?unread=1&page=&pageSize= — the signed-in user's notifications.
export const GET = apiHandler(async ({ actor, searchParams }) => {
  const page = ZPaginationSchema.safeParse(Object.fromEntries(searchParams));
  if (!page.success) throw fromZodError(page.error);
  return listNotifications({ actor, page: page.data, unreadOnly: searchParams.get('unread') === '1' });
});
