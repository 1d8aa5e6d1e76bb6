'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { removeMember } from '../server/members/remove-member';
import { runAction, type ActionState } from './run-action';

export async function removeMemberAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const slug = String(form.get('slug'));
  const state = await runAction(async ({ actor, sourceIp }) => {
    const result = await removeMember({ actor, sourceIp, slug, membershipId: String(form.get('id')) });
    revalidatePath(`/vendors/${slug}`, 'layout');
    return result.left;
  }, 'Member removed.');
  // Someone who left can no longer see the settings they were on.
  if (state?.ok && state.data) redirect('/dashboard');
  return state as ActionState;
}
