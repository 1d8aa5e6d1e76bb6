import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { signIn } from '../support/auth';

test.describe('when an admin works in the admin area', () => {
  test.beforeEach(async ({ context }) => {
    await signIn(context, 'admin@assay.local');
  });

  test('verifies a vendor and sees it in the audit trail', async ({ page }) => {
    await page.goto('/admin');
    await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Organizations' }).click();
    const row = page.getByTestId('org-row-acme');
    await expect(row).toContainText('verified');
    // The demo vendor starts verified: take the flag away, then give it back.
    await row.getByRole('button', { name: 'Remove verification of Acme Software' }).click();
    await expect(row.getByText('not verified')).toBeVisible();
    await row.getByRole('button', { name: 'Verify Acme Software' }).click();
    await expect(row.getByRole('button', { name: 'Remove verification of Acme Software' })).toBeVisible();
    await expect(row.getByText('not verified')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/e2e/admin-organizations.png', fullPage: true });

    await row.getByRole('link', { name: 'Audit trail' }).click();
    await expect(page).toHaveURL(/\/admin\/audit\?organization=acme/);
    const rows = page.getByTestId('audit-row');
    await expect(rows.first()).toContainText('organization.verify');
    await expect(rows.first()).toContainText('admin@assay.local');
    await expect(rows.nth(1)).toContainText('organization.unverify');
  });

  test('reads a password-reset email in the outbox and follows its link', async ({ page, browser }) => {
    // Someone asks for a reset while signed out; without SMTP the mail lands in the outbox.
    const visitor = await browser.newContext();
    const resetPage = await visitor.newPage();
    await resetPage.goto('/reset');
    await resetPage.getByLabel('Email').fill('customer@example.com');
    await resetPage.getByRole('button', { name: 'Send reset link' }).click();
    await expect(resetPage.getByRole('status')).toBeVisible();
    await visitor.close();

    await page.goto('/admin/outbox?q=customer%40example.com');
    const first = page.getByRole('table', { name: 'Emails' }).getByRole('row').nth(1);
    await expect(first).toContainText('customer@example.com');
    await first.getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('dd').first()).toHaveText('customer@example.com');
    const link = page.locator('article a[href*="/reset/"]');
    await expect(link).toHaveCount(1);
    await page.screenshot({ path: 'test-results/e2e/admin-outbox-email.png', fullPage: true });
    await link.click();
    await expect(page).toHaveURL(/\/reset\/[^/]+$/);
    await expect(page.getByTestId('not-found')).toHaveCount(0);
  });

  test('filters the audit log, exports it as JSON lines and verifies the chain', async ({ page }) => {
    await page.goto('/admin/audit');
    await page.getByLabel('Action').fill('user.*');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/action=user\.\*/);
    const rows = page.getByTestId('audit-row');
    await expect(rows.first()).toBeVisible();
    const count = await rows.count();
    for (let i = 0; i < count; i++) await expect(rows.nth(i)).toContainText(/user\./);

    const downloadPromise = page.waitForEvent('download');
    await page.getByTestId('audit-export').click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/^assay-audit-.+\.jsonl$/);
    const text = await readFile((await download.path())!, 'utf8');
    const lines = text.split('\n').filter((l) => l.length > 0);
    expect(lines.length).toBe(count);
    const events = lines.map((l) => JSON.parse(l) as { id: string; action: string; hash: string });
    for (const e of events) {
      expect(typeof e.id).toBe('string');
      expect(e.action.startsWith('user.')).toBe(true);
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    }

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect(page.getByTestId('chain-result')).toContainText('Audit trail intact');
    await page.screenshot({ path: 'test-results/e2e/admin-audit.png', fullPage: true });
  });

  test('renames the platform in settings, validates the input, and the header follows', async ({ page }) => {
    await page.goto('/admin/settings');
    const name = page.getByLabel('Platform name');
    await name.fill('A');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(name).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('Use at least 2 characters')).toBeVisible();

    await name.fill('Assay Staging');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText('Settings saved.')).toBeVisible();
    await page.goto('/');
    await expect(page.getByTestId('platform-name')).toHaveText('Assay Staging');

    await page.goto('/admin/settings');
    await page.getByLabel('Platform name').fill('Assay');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText('Settings saved.')).toBeVisible();
  });
});
