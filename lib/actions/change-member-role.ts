'use server';

import { revalidatePath } from 'next/cache';
import { changeMemberRole } from '../server/members/change-member-role';
import { runAction, type ActionState } from './run-action';

export async function changeMemberRoleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const slug = String(form.get('slug'));
  return runAction(async ({ actor, sourceIp }) => {
    await changeMemberRole({ actor, sourceIp, slug, membershipId: String(form.get('id')), input: { role: form.get('role') } });
    revalidatePath(`/vendors/${slug}`, 'layout');
    return undefined;
  }, 'Role changed.');
}
