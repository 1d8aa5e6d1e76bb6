import { expect, test, type BrowserContext, type Page, type Response } from '@playwright/test';
import { signIn } from '../support/auth';

// Each check opens its own tab. Under `next dev` a navigation can be aborted when the server
// recompiles because a source file changed; one retry covers that, a real failure fails twice.
async function open(context: BrowserContext, path: string): Promise<{ page: Page; response: Response | null }> {
  const page = await context.newPage();
  try {
    return { page, response: await page.goto(path) };
  } catch (error) {
    if (!String(error).includes('ERR_ABORTED')) throw error;
    return { page, response: await page.goto(path) };
  }
}

// Outsiders must not learn that private pages exist: they get the same 404 as for a missing page.
const PRIVATE_PAGES = ['/vendors/acme/settings', '/vendors/acme/settings/tokens', '/admin', '/admin/audit'];
const VENDOR_APIS = ['/api/v1/vendors/acme/tokens', '/api/v1/vendors/acme/members'];
const ADMIN_APIS = ['/api/v1/admin/users', '/api/v1/admin/audit', '/api/v1/admin/audit/export', '/api/v1/admin/organizations'];

async function expectNotFoundPage(context: BrowserContext, path: string) {
  const { page, response } = await open(context, path);
  expect(response?.status(), `${path} should answer 404`).toBe(404);
  await expect(page.getByTestId('not-found')).toHaveText('Page not found');
  await page.close();
}

async function expectApiStatus(context: BrowserContext, path: string, status: number, code: string) {
  const response = await context.request.get(path);
  expect(response.status(), `${path} should answer ${status}`).toBe(status);
  expect(await response.json()).toEqual({ error: { code, message: expect.any(String), details: null } });
}

test.describe('when nobody is signed in', () => {
  test('the admin area answers 404', async ({ context }) => {
    for (const path of PRIVATE_PAGES.filter((p) => p.startsWith('/admin'))) await expectNotFoundPage(context, path);
  });

  test('vendor pages answer 404, exactly as for a vendor that does not exist', async ({ context }) => {
    for (const path of PRIVATE_PAGES.filter((p) => p.startsWith('/vendors/'))) await expectNotFoundPage(context, path);
    await expectNotFoundPage(context, '/vendors/acme/products');
    await expectNotFoundPage(context, '/vendors/no-such-vendor/settings');
  });

  test('vendor APIs answer 404 and platform APIs ask for authentication (401)', async ({ context }) => {
    for (const path of VENDOR_APIS) await expectApiStatus(context, path, 404, 'NOT_FOUND');
    for (const path of ADMIN_APIS) await expectApiStatus(context, path, 401, 'UNAUTHENTICATED');
  });
});

test.describe('when a customer is signed in', () => {
  test('another vendor’s settings and the admin area answer 404, pages and APIs alike', async ({ context }) => {
    await signIn(context, 'customer@example.com');
    for (const path of [...PRIVATE_PAGES, '/vendors/acme/products']) await expectNotFoundPage(context, path);
    for (const path of [...VENDOR_APIS, ...ADMIN_APIS]) await expectApiStatus(context, path, 404, 'NOT_FOUND');
    const patch = await context.request.patch('/api/v1/admin/organizations/acme', { data: { verified: false } });
    expect(patch.status()).toBe(404);
  });
});

test.describe('when the vendor’s owner is signed in', () => {
  test('the same settings pages exist for them (so the 404s above are about access, not missing pages)', async ({ context }) => {
    await signIn(context, 'owner@acme.example');
    for (const path of ['/vendors/acme/settings', '/vendors/acme/settings/tokens']) {
      const { page, response } = await open(context, path);
      expect(response?.status(), path).toBe(200);
      await expect(page.getByRole('heading', { level: 1 })).toContainText('Acme Software');
      await expect(page.getByTestId('not-found')).toHaveCount(0);
    }
    const products = await open(context, '/vendors/acme/products');
    expect(products.response?.status()).toBe(200);
    await expect(products.page.getByRole('heading', { level: 1, name: 'Products' })).toBeVisible();
    for (const path of VENDOR_APIS) expect((await context.request.get(path)).status(), path).toBe(200);
    // An owner is still not an admin.
    await expectNotFoundPage(context, '/admin');
    await expectApiStatus(context, '/api/v1/admin/users', 404, 'NOT_FOUND');
  });
});
