import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { signIn } from '../support/auth';
import { gotoSettled, signUpThroughForm, uniqueEmail, waitForHydration, warmUp } from '../support/accounts';

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  await warmUp(browser, ['/signup', '/dashboard', '/vendors/new', '/invite/not-a-real-invitation-but-long-enough-00']);
});

const PASSWORD = 'e2e-strong-passphrase';

test('a new vendor creates an organization, invites a colleague, manages tokens and signing keys', async ({ page, browser }) => {
  // Many pages, each compiled on first visit in dev mode.
  test.setTimeout(240_000);
  const slug = `e2e-${Date.now().toString(36)}`;
  await signUpThroughForm(page, { name: 'Vic Vendor', email: uniqueEmail('vendor'), password: PASSWORD });
  await expect(page).toHaveURL(/\/dashboard$/);

  // Organization.
  await page.getByRole('link', { name: 'Create organization' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create a vendor organization' })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Organization name').fill('E2E Containers');
  await page.getByLabel('URL name').fill('new');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByText('This name is reserved; choose another')).toBeVisible();
  await page.getByLabel('URL name').fill(slug);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page).toHaveURL(new RegExp(`/vendors/${slug}/settings$`), { timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1, name: 'E2E Containers' })).toBeVisible();
  await expect(page.getByText('You are an owner')).toBeVisible();

  // Invitation by link; the invitee signs up from the link and accepts.
  await page.getByRole('navigation', { name: 'Organization settings' }).getByRole('link', { name: 'Members' }).click();
  await expect(page.getByRole('heading', { name: 'Invite someone' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Create invitation' }).click();
  const linkBox = page.getByLabel('Invitation link');
  await expect(linkBox).toHaveValue(/\/invite\//);
  const inviteLink = new URL(await linkBox.inputValue()).pathname;
  await page.screenshot({ path: 'test-results/e2e/vendors-members.png', fullPage: true });

  const invitee = await browser.newContext();
  const ip = await invitee.newPage();
  await gotoSettled(ip, inviteLink);
  await expect(ip.getByRole('heading', { level: 1, name: 'Join E2E Containers' })).toBeVisible();
  await ip.getByRole('link', { name: 'Create an account' }).click();
  await expect(ip.getByRole('heading', { level: 1, name: 'Create an account' })).toBeVisible({ timeout: 30_000 });
  await waitForHydration(ip);
  const inviteeEmail = uniqueEmail('invitee');
  await ip.getByLabel('Name').fill('Ivy Invitee');
  await ip.getByLabel('Email').fill(inviteeEmail);
  await ip.getByLabel('Password').fill(PASSWORD);
  await ip.getByRole('button', { name: 'Create account' }).click();
  await expect(ip).toHaveURL(new RegExp(inviteLink), { timeout: 30_000 });
  await ip.getByRole('button', { name: 'Join E2E Containers' }).click();
  await expect(ip).toHaveURL(new RegExp(`/vendors/${slug}/settings$`), { timeout: 30_000 });
  await expect(ip.getByText('You are a member')).toBeVisible();
  await invitee.close();

  await page.reload();
  await expect(page.getByRole('cell', { name: inviteeEmail, exact: true })).toBeVisible();
  await expect(page.getByText('accepted').first()).toBeVisible();

  // API token: shown once, then revoked.
  await page.getByRole('navigation', { name: 'Organization settings' }).getByRole('link', { name: 'API tokens' }).click();
  await expect(page.getByRole('heading', { name: 'Create an API token' })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Name').fill('GitHub Actions');
  await page.getByLabel('submissions.write').check();
  await page.getByLabel('signing-keys.write').check();
  await page.getByRole('button', { name: 'Create token' }).click();
  const tokenBox = page.getByLabel('New API token');
  await expect(tokenBox).toHaveValue(/^assay_[A-Za-z0-9_-]{43}$/);
  const token = await tokenBox.inputValue();
  const row = page.getByRole('row', { name: /GitHub Actions/ });
  await expect(row).toContainText(token.slice(0, 12));
  await expect(row).toContainText('active');
  const me = await page.request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  page.once('dialog', (d) => d.accept());
  await row.getByRole('button', { name: 'Revoke token GitHub Actions' }).click();
  await expect(row).toContainText('revoked');
  const after = await page.request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
  expect(after.status()).toBe(401);

  // Signing key: a real Ed25519 public key uploaded as a file, then a private key refused.
  await page.getByRole('navigation', { name: 'Organization settings' }).getByRole('link', { name: 'Signing keys' }).click();
  await expect(page.getByRole('heading', { name: 'Add a signing key' })).toBeVisible({ timeout: 30_000 });
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pubPath = test.info().outputPath('cosign.pub');
  await writeFile(pubPath, publicKey.export({ type: 'spki', format: 'pem' }).toString());
  await page.getByLabel('Name').fill('release key');
  await page.getByLabel('Or upload a key file').setInputFiles(pubPath);
  await page.getByRole('button', { name: 'Add signing key' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Signing key added' })).toBeVisible();
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const { createHash } = await import('node:crypto');
  await expect(page.getByTestId('key-fingerprint')).toHaveText(createHash('sha256').update(der).digest('hex'));

  await page.getByLabel('Name').fill('oops');
  await page.getByLabel('Public key').fill(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  await page.getByRole('button', { name: 'Add signing key' }).click();
  await expect(page.getByText('Expected a public key, got a private key')).toBeVisible();
  await expect(page.getByLabel('Public key')).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: 'test-results/e2e/vendors-keys.png', fullPage: true });

  // Unverified and unlisted: the public profile is hidden from anonymous visitors.
  const anon = await browser.newContext();
  const ap = await anon.newPage();
  const res = await ap.goto(`/vendors/${slug}`);
  expect(res?.status()).toBe(404);
  await anon.close();

  // The admin sees the audit trail of all of it, with the right actor on each step.
  const admin = await browser.newContext();
  await signIn(admin, 'admin@assay.local');
  const adminPage = await admin.newPage();
  await gotoSettled(adminPage, `/admin/audit?organization=${slug}&pageSize=100`);
  const rows = adminPage.getByTestId('audit-row');
  await expect(rows.first()).toBeVisible();
  const trail = (await rows.allInnerTexts()).join('\n');
  for (const action of ['organization.create', 'invitation.create', 'invitation.accept', 'token.create', 'token.revoke', 'signing-key.add']) {
    expect(trail, `audit trail shows ${action}`).toContain(action);
  }
  expect(trail).toContain(inviteeEmail);
  await adminPage.screenshot({ path: 'test-results/e2e/vendors-audit.png', fullPage: true });
  await admin.close();
});
