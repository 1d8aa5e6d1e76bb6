'use server';

import { redirect } from 'next/navigation';
import { createReferenceSubmission } from '../server/submissions/create-submission';
import { formToObject, runAction, type ActionState } from './run-action';

// Registry references only: archives go to the streaming upload route, never through an action.
export async function submitImageReferenceAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const { vendor, product, reference, platform, username, password } = formToObject(form) as Record<string, string | undefined>;
  const input = {
    reference,
    ...(platform ? { platform } : {}),
    ...(username || password ? { credentials: { username: username ?? '', password: password ?? '' } } : {}),
  };
  let id: string | undefined;
  const state = await runAction(async ({ actor, sourceIp }) => {
    id = (await createReferenceSubmission({ actor, sourceIp, vendor: String(vendor), product: String(product), input })).id;
    return undefined;
  });
  if (id) redirect(`/vendors/${String(vendor)}/submissions/${id}`);
  if (state && !state.ok && state.fieldErrors) {
    // The credential fields sit flat in the form.
    const f = state.fieldErrors;
    if (f['credentials.username']) f.username = f['credentials.username'];
    if (f['credentials.password']) f.password = f['credentials.password'];
  }
  return state;
}
