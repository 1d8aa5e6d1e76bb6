import { expect, test, type Page } from '@playwright/test';
import { signIn } from '../support/auth';
import { gotoSettled } from '../support/accounts';
import { pipelineWorld, progressSeen, recordProgress } from '../support/pipeline';

// Issue 5's browser journey on the real server, its worker process and a loopback registry
// (scripts/e2e-server.ts): the Acme owner registers the key its image is signed with, creates a
// product, submits the image and watches it certify; the reviewer approves; the listing appears and
// the certification API says certified. An unsigned image fails with the fix shown to the vendor.
const run = Date.now().toString(36);
const WORKER_TIMEOUT = 90_000;

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/e2e/pipeline-${name}-desktop.png`, fullPage: true });
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `test-results/e2e/pipeline-${name}-phone.png`, fullPage: true });
  if (size) await page.setViewportSize(size);
}

async function createProduct(page: Page, vendor: string, name: string, slug: string, repository: string): Promise<void> {
  await gotoSettled(page, `/vendors/${vendor}/products/new`);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('URL name').fill(slug);
  await page.getByLabel('Repository').fill(repository);
  await page.getByRole('button', { name: 'Create product' }).click();
  await expect(page).toHaveURL(new RegExp(`/vendors/${vendor}/products/${slug}$`), { timeout: 30_000 });
}

async function submitReference(page: Page, reference: string): Promise<string> {
  await page.getByLabel('Image reference').fill(reference);
  await page.getByRole('button', { name: 'Submit for certification' }).click();
  await expect(page).toHaveURL(/\/vendors\/[^/]+\/submissions\/[^/?]+$/, { timeout: 30_000 });
  return new URL(page.url()).pathname.split('/').at(-1)!;
}

/** Registers the key the image's cosign signature was made with, uploaded as the vendor keeps it: a PEM file. */
async function registerKey(page: Page, vendor: string, keyFile: string): Promise<void> {
  await gotoSettled(page, `/vendors/${vendor}/settings/keys`);
  await page.getByLabel('Name', { exact: true }).fill(`release key ${run}`);
  await page.getByLabel('Or upload a key file').setInputFiles(keyFile);
  await page.getByRole('button', { name: 'Add signing key' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Signing key added' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('cell', { name: `release key ${run}`, exact: true })).toBeVisible();
}

const statusBadge = (page: Page) => page.getByRole('heading', { name: /^Status (?!history)/ });

test.describe.configure({ timeout: 180_000 });

test('the ISV watches a signed image certify, the reviewer approves, the listing and certification appear', async ({ browser }) => {
  const world = pipelineWorld();
  const vendor = await browser.newContext();
  await signIn(vendor, 'owner@acme.example');
  const page = await vendor.newPage();

  // A vendor organization of its own for this run: publishing makes a vendor public, and other specs
  // rely on the seeded Acme staying private.
  const org = `acme-labs-${run}`;
  await gotoSettled(page, '/vendors/new');
  await page.getByLabel('Organization name').fill('Acme Labs');
  await page.getByLabel('URL name').fill(org);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page).toHaveURL(new RegExp(`/vendors/${org}/settings$`), { timeout: 30_000 });
  const anonymous = await browser.newContext();
  const visitor = await anonymous.newPage();
  expect((await visitor.goto(`/vendors/${org}`))?.status(), 'an unlisted, unverified vendor is not public').toBe(404);

  await registerKey(page, org, world.keyFile);

  const slug = `app-${run}`;
  await createProduct(page, org, 'Acme App', slug, world.repos.signed);
  await shoot(page, 'product');

  // Watch the live progress: record every state the bar shows from the moment the form is sent.
  await recordProgress(page);
  const id = await submitReference(page, `docker://${world.repos.signed}:${world.tag}`);
  await expect(page.getByRole('progressbar')).toBeVisible({ timeout: 30_000 });
  await expect(statusBadge(page)).toContainText('awaiting-review', { timeout: WORKER_TIMEOUT });
  const seen = await progressSeen(page);
  const stages = [...new Set(seen.map((s) => s.split('|')[0]))];
  // The registry proxy holds each blob back 1.5 s, so reading layers outlasts a poll of the page.
  expect(stages, `progress seen: ${seen.join(', ')}`).toContain('Reading layers');
  expect(stages.filter((s) => s !== 'Waiting for a worker').length, `progress seen: ${seen.join(', ')}`).toBeGreaterThanOrEqual(2);
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await expect(page.getByText('Waiting for review')).toBeVisible();
  await expect(page.getByText(world.digests.signed)).toBeVisible();
  // The checks the engine ran, rendered once the worker is done.
  await expect(page.getByRole('heading', { name: 'Checks' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('certifiable', { exact: true })).toBeVisible();
  await page.getByText(/^Passed checks \(\d+\)$/).click();
  await expect(page.getByText('signature.verified', { exact: true })).toBeVisible();
  await shoot(page, 'awaiting-review');

  // The reviewer takes it from the queue, oldest first, and approves with a reason.
  const reviewer = await browser.newContext();
  await signIn(reviewer, 'reviewer@assay.local');
  const review = await reviewer.newPage();
  await gotoSettled(review, '/review');
  const row = review.getByRole('row').filter({ hasText: `docker://${world.repos.signed}:${world.tag}` });
  await expect(row).toContainText('awaiting-review');
  await shoot(review, 'review-queue');
  await row.getByRole('link', { name: 'Acme App' }).click();
  await expect(review).toHaveURL(new RegExp(`/review/${id}$`), { timeout: 30_000 });
  await expect(review.getByRole('heading', { name: 'Decision' })).toBeVisible({ timeout: 30_000 });
  await review.getByLabel('Reason for the decision').fill('Signed by the registered key; every check passed.');
  await review.getByLabel('Approve and publish').check();
  await review.getByRole('button', { name: 'Record decision' }).click();
  // Approval publishes at once: the page re-renders with the new status and the decision's reason.
  await expect(review.getByText('published', { exact: true }).first()).toBeVisible({ timeout: 60_000 });
  await expect(review.getByText('Approved, but publishing failed')).toHaveCount(0);
  await expect(review.getByText('Signed by the registered key; every check passed.').first()).toBeVisible();
  await shoot(review, 'review-decided');

  // The vendor sees it published, the product lists the published digest, the profile counts it.
  await page.reload();
  await expect(statusBadge(page)).toContainText('published', { timeout: 30_000 });
  await gotoSettled(page, `/vendors/${org}/products/${slug}`);
  const published = page.getByRole('row').filter({ hasText: 'published' });
  await expect(published).toHaveCount(1);
  await expect(published).toContainText(world.digests.signed.slice(7, 19));
  await shoot(page, 'product-published');

  expect((await visitor.goto(`/vendors/${org}`))?.status()).toBe(200);
  await expect(visitor.getByText('1 certified product(s).')).toBeVisible();
  await shoot(visitor, 'vendor-listing');
  const status = await anonymous.request.get(`/api/v1/certifications/${world.digests.signed}`);
  expect(status.status()).toBe(200);
  const body = (await status.json()) as { status: string; digest: string; statementUrl: string | null };
  expect(body).toMatchObject({ status: 'certified', digest: world.digests.signed });
  expect(body.statementUrl).toBeTruthy();
  await Promise.all([vendor.close(), reviewer.close(), anonymous.close()]);
});

test('an unsigned image fails its checks and the vendor sees how to fix the signature', async ({ browser }) => {
  const world = pipelineWorld();
  const vendor = await browser.newContext();
  await signIn(vendor, 'owner@acme.example');
  const page = await vendor.newPage();
  const slug = `unsigned-${run}`;
  // With the vendor's key registered, an image carrying no signature at all fails the check.
  await registerKey(page, 'acme', world.keyFile);
  await createProduct(page, 'acme', 'Acme Unsigned', slug, world.repos.unsigned);
  await submitReference(page, `docker://${world.repos.unsigned}:${world.tag}`);
  await expect(statusBadge(page)).toContainText('checks-failed', { timeout: WORKER_TIMEOUT });
  const check = page.getByRole('listitem').filter({ has: page.getByText('signature.verified', { exact: true }) });
  await expect(check).toBeVisible({ timeout: 30_000 });
  await expect(check).toContainText('failed');
  await expect(check).toContainText('No signature was found');
  await expect(check).toContainText('How to fix:');
  await expect(check).toContainText('register the public key with Assay');
  await shoot(page, 'checks-failed');
  await vendor.close();
});
