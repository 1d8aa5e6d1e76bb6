'use server';

import { redirect } from 'next/navigation';
import { createOrganization } from '../server/organizations/create-organization';
import { formToObject, runAction, type ActionState } from './run-action';

export async function createOrganizationAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const state = await runAction(async ({ actor, sourceIp }) => {
    const organization = await createOrganization({ actor, sourceIp, input: formToObject(form) });
    return organization.slug;
  });
  if (state?.ok) redirect(`/vendors/${state.data}/settings`);
  return state as ActionState;
}
