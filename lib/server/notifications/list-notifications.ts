import { db } from '../../db/client';
import { AppError } from '../../errors';
import type { Actor } from '../../auth/actor';
import { pageArgs, toPage, type TPagination } from '../../api/pagination';

function userIdOf(actor: Actor): string {
  if (actor.kind !== 'user') throw new AppError(actor.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN', actor.kind === 'anonymous' ? 'Sign in to continue.' : 'Notifications belong to users, not API tokens.');
  return actor.userId;
}

export interface ListNotificationsOptions {
  actor: Actor;
  page: TPagination;
  unreadOnly?: boolean;
}

/** The signed-in user's own notifications, newest first, with the unread count. */
export async function listNotifications({ actor, page, unreadOnly }: ListNotificationsOptions) {
  const userId = userIdOf(actor);
  const where = { userId, ...(unreadOnly ? { readAt: null } : {}) };
  const [items, total, unread] = await Promise.all([
    db().notification.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...pageArgs(page) }),
    db().notification.count({ where }),
    db().notification.count({ where: { userId, readAt: null } }),
  ]);
  return { ...toPage(items.map(({ userId: _u, ...n }) => n), total, page), unread };
}

/** The header bell's number; 0 for anyone who is not a signed-in user. */
export async function countUnreadNotifications(actor: Actor): Promise<number> {
  if (actor.kind !== 'user') return 0;
  return db().notification.count({ where: { userId: actor.userId, readAt: null } });
}

export interface MarkReadOptions {
  actor: Actor;
  /** The ids to mark; omitted = all of the user's unread notifications. */
  ids?: string[];
}

/** Marks the user's own notifications read (another user's ids simply match nothing). */
export async function markNotificationsRead({ actor, ids }: MarkReadOptions): Promise<{ updated: number }> {
  const userId = userIdOf(actor);
  if (ids && (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || id.length > 64))) {
    throw new AppError('VALIDATION_FAILED', 'Give notification ids as a list of strings.', { details: { issues: [{ field: 'ids', message: 'Expected a list of notification ids' }] } });
  }
  const { count } = await db().notification.updateMany({
    where: { userId, readAt: null, ...(ids ? { id: { in: ids } } : {}) },
    data: { readAt: new Date() },
  });
  return { updated: count };
}
