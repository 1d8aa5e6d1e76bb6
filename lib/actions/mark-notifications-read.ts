'use server';

import { revalidatePath } from 'next/cache';
import { markNotificationsRead } from '../server/notifications/list-notifications';
import { runAction, type ActionState } from './run-action';

/** With an `id` field marks that notification read; without, all of them. */
export async function markNotificationsReadAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const id = form.get('id');
  return runAction(async ({ actor }) => {
    await markNotificationsRead({ actor, ids: typeof id === 'string' && id ? [id] : undefined });
    revalidatePath('/notifications');
    return undefined;
  }, typeof id === 'string' && id ? 'Marked read.' : 'All marked read.');
}
