'use server';

import { revalidatePath } from 'next/cache';
import { updatePlatformSettings } from '../server/admin/platform-settings';
import { formToObject, runAction, type ActionState } from './run-action';

export async function updatePlatformSettingsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async ({ actor, sourceIp }) => {
    await updatePlatformSettings({ actor, sourceIp, input: formToObject(form) });
    // The platform name shows in every page's header.
    revalidatePath('/', 'layout');
    return undefined;
  }, 'Settings saved.');
}
