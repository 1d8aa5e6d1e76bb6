import { expect, test } from '@playwright/test';
import { gotoSettled, signUpThroughForm, uniqueEmail, warmUp } from '../support/accounts';

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  await warmUp(browser, ['/signup', '/signin', '/signout', '/dashboard']);
});

const PASSWORD = 'e2e-strong-passphrase';

test.describe('when a visitor signs up', () => {
  test('creates the account through the form and lands signed in on the dashboard', async ({ page }) => {
    const email = uniqueEmail('signup');
    await signUpThroughForm(page, { name: 'Sam Signup', email, password: PASSWORD });
    // The first sign-up compiles several routes in dev mode: allow for it.
    await expect(page).toHaveURL(/\/dashboard$/, { timeout: 60_000 });
    await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Sam Signup' })).toBeVisible();
    await expect(page.getByTestId('signed-in-as')).toHaveText(email);
    await page.screenshot({ path: 'test-results/e2e/accounts-dashboard.png', fullPage: true });
  });

  test('shows field errors for a weak password, then for a taken email', async ({ page }) => {
    await signUpThroughForm(page, { name: 'Dup', email: 'owner@acme.example', password: 'short' }, { expectRefusal: true });
    await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('Use at least 10 characters')).toBeVisible();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('An account with this email already exists')).toBeVisible();
    await expect(page).toHaveURL(/\/signup$/);
  });
});

test.describe('when someone signs in with the form', () => {
  test('signs in and out', async ({ page }) => {
    await gotoSettled(page, '/signin');
    await page.getByLabel('Email').fill('customer@example.com');
    await page.getByLabel('Password').fill('assay-demo-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('signed-in-as')).toHaveText('customer@example.com', { timeout: 30_000 });
    await gotoSettled(page, '/signout');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
    await gotoSettled(page, '/dashboard');
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard/);
  });

  test('locks the account after repeated wrong passwords and says so', async ({ page, browser }) => {
    const email = uniqueEmail('locked');
    const signup = await browser.newContext();
    await signUpThroughForm(await signup.newPage(), { name: 'Lou Locked', email, password: PASSWORD });
    await signup.close();

    await gotoSettled(page, '/signin');
    await page.getByLabel('Email').fill(email);
    // LOGIN_MAX_FAILURES defaults to 5: four plain failures, the fifth locks.
    for (let i = 1; i <= 4; i++) {
      await page.getByLabel('Password').fill(`wrong-password-${i}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('main').getByRole('alert')).toHaveText('Wrong email or password.');
    }
    await page.getByLabel('Password').fill('wrong-password-5');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('main').getByRole('alert')).toContainText('this account is locked');
    // Even the right password is refused while locked.
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('main').getByRole('alert')).toContainText('locked');
    await expect(page).toHaveURL(/\/signin/);
    await page.screenshot({ path: 'test-results/e2e/accounts-locked.png' });
  });
});
