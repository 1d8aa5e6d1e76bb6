'use server';

import { revalidatePath } from 'next/cache';
import { updateUser } from '../server/admin/update-user';
import { runAction, type ActionState } from './run-action';

export async function setUserDisabledAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const disabled = form.get('disabled') === 'true';
  return runAction(async ({ actor, sourceIp }) => {
    await updateUser({ actor, sourceIp, userId: String(form.get('userId')), input: { disabled } });
    revalidatePath('/admin', 'layout');
    return undefined;
  }, disabled ? 'Disabled: their sessions have ended.' : 'Enabled.');
}
