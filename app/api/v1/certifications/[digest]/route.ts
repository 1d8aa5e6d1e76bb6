import { createHash } from 'node:crypto';
import { apiHandler } from '@/lib/api/handler';
import { certificationStatus } from '@/lib/certifications/certification-status';

export const dynamic = 'force-dynamic';

// Public: what admission controllers call. Never cached without revalidation (no-cache + ETag), so a
// revocation is visible at once while unchanged answers cost a 304.
export const GET = apiHandler<{ digest: string }>(async ({ params, request }) => {
  const status = await certificationStatus(decodeURIComponent(params.digest));
  const body = JSON.stringify(status);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const headers = { etag, 'cache-control': 'no-cache', 'content-type': 'application/json' };
  const match = request.headers.get('if-none-match');
  if (match && match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers });
});
