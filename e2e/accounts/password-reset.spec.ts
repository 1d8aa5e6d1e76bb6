import { expect, test } from '@playwright/test';
import { gotoSettled, linkFromOutbox, signUpThroughForm, uniqueEmail, waitForHydration, warmUp } from '../support/accounts';

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  await warmUp(browser, ['/signup', '/signin', '/reset', '/reset/not-a-real-token-but-long-enough-0000', '/dashboard']);
});

test('resets a forgotten password through the emailed link (read in the admin outbox)', async ({ page, browser }) => {
  // Visits admin pages too, each compiled on first visit in dev mode.
  test.setTimeout(180_000);
  const email = uniqueEmail('reset');
  const first = await browser.newContext();
  await signUpThroughForm(await first.newPage(), { name: 'Rhea Reset', email, password: 'original-passphrase' });
  await first.close();

  await gotoSettled(page, '/signin');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible({ timeout: 30_000 });
  await waitForHydration(page);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('main').getByRole('status')).toContainText('If an account exists for this address');

  const link = await linkFromOutbox(browser, email, /Reset your Assay password/);
  await gotoSettled(page, new URL(link).pathname);
  await page.getByLabel('New password', { exact: true }).fill('replacement-passphrase');
  await page.getByLabel('Repeat the new password').fill('replacement-passphrase');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page).toHaveURL(/\/signin\?reset=1/, { timeout: 30_000 });
  await expect(page.getByText('Your password was changed')).toBeVisible();

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('replacement-passphrase');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(email);

  // The link works once.
  await gotoSettled(page, new URL(link).pathname);
  await expect(page.getByText('This reset link is invalid, expired or already used.')).toBeVisible();
});
