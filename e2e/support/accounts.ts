import { expect, type Browser, type Page } from '@playwright/test';
import { signIn } from './auth';

let counter = 0;

/** A fresh address per test run, so specs never collide with earlier data. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${(counter++).toString(36)}@example.test`;
}

/** Fills the sign-up form (the real page); unless told to expect refusal, waits until it leaves the page signed in. */
export async function signUpThroughForm(
  page: Page,
  input: { name: string; email: string; password: string },
  options: { path?: string; expectRefusal?: boolean } = {},
): Promise<void> {
  const path = options.path ?? '/signup';
  await gotoSettled(page, path);
  await page.getByLabel('Name').fill(input.name);
  await page.getByLabel('Email').fill(input.email);
  await page.getByLabel('Password').fill(input.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('button', { name: 'Creating your account…' })).toHaveCount(0, { timeout: 60_000 });
  if (!options.expectRefusal) await expect(page).not.toHaveURL(/\/signup/, { timeout: 60_000 });
}

/** Dev mode compiles each page on its first visit and may reload it meanwhile: visit them once first. */
export async function warmUp(browser: Browser, paths: string[]): Promise<void> {
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const path of paths) {
    await page.goto(path);
    await waitForHydration(page);
  }
  await context.close();
}

/** Reads the newest email to an address through the admin outbox page and returns the first link in it. */
export async function linkFromOutbox(browser: Browser, to: string, subject: RegExp): Promise<string> {
  const admin = await browser.newContext();
  try {
    await signIn(admin, 'admin@assay.local');
    const page = await admin.newPage();
    await gotoSettled(page, `/admin/outbox?q=${encodeURIComponent(to)}`);
    await page.getByRole('link', { name: subject }).first().click();
    await expect(page).toHaveURL(/\/admin\/outbox\/[^/?]+$/, { timeout: 30_000 });
    const link = page.getByRole('link', { name: /^https?:\/\/.*\/(reset|invite)\// }).first();
    await expect(link).toBeVisible({ timeout: 30_000 });
    return (await link.getAttribute('href'))!;
  } finally {
    await admin.close();
  }
}

/**
 * Navigates and waits until React has hydrated the page's first form (dev mode compiles on first
 * visit, and typing into server-rendered HTML before hydration is lost).
 */
export async function gotoSettled(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await waitForHydration(page);
}

export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const control = document.querySelector('main form button, main button');
      return !control || Object.keys(control).some((k) => k.startsWith('__reactFiber') || k.startsWith('__reactProps'));
    },
    undefined,
    { timeout: 60_000 },
  );
}
