'use server';

import { revalidatePath } from 'next/cache';
import { updateUser } from '../server/admin/update-user';
import { runAction, type ActionState } from './run-action';

export async function changeUserRoleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async ({ actor, sourceIp }) => {
    await updateUser({ actor, sourceIp, userId: String(form.get('userId')), input: { platformRole: form.get('platformRole') } });
    revalidatePath('/admin', 'layout');
    return undefined;
  }, 'Role changed.');
}
