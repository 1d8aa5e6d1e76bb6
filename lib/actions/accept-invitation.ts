'use server';

import { redirect } from 'next/navigation';
import { acceptInvitation } from '../server/invitations/accept-invitation';
import { runAction, type ActionState } from './run-action';

export async function acceptInvitationAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const state = await runAction(async ({ actor, sourceIp }) => {
    const accepted = await acceptInvitation({ actor, sourceIp, secret: String(form.get('token')) });
    return accepted.organization.slug;
  });
  if (state?.ok) redirect(`/vendors/${state.data}/settings`);
  return state as ActionState;
}
