import type { APIRequestContext, BrowserContext } from '@playwright/test';

export const DEMO_PASSWORD = 'assay-demo-2026';

// Signs in over HTTP (next-auth's credentials endpoint), the way the browser form does, and leaves
// the session cookie in the browser context. Only the login page's own tests use the form.
export async function signIn(context: BrowserContext, email: string, password = DEMO_PASSWORD): Promise<void> {
  const request: APIRequestContext = context.request;
  const csrf = await request.get('/api/auth/csrf');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await request.post('/api/auth/callback/credentials', {
    form: { csrfToken, email, password, json: 'true' },
    maxRedirects: 0,
  });
  if (response.status() >= 400) throw new Error(`sign-in as ${email} failed: HTTP ${response.status()}`);
  const cookies = await context.cookies();
  if (!cookies.some((c) => c.name.endsWith('next-auth.session-token'))) throw new Error(`sign-in as ${email} failed: no session cookie`);
}
