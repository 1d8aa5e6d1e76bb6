import { apiHandler } from '@/lib/api/handler';
import { getActivePolicy } from '@/lib/server/policies/policies';

// Public: the policy submissions are judged by, so `assay certify --server` can judge locally the same way.
export const GET = apiHandler(async ({ request }) => {
  const p = await getActivePolicy();
  const etag = `"${p.digest}"`;
  const headers = { etag, 'cache-control': 'public, max-age=0, must-revalidate' };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return Response.json({ name: p.name, version: p.version, digest: p.digest, document: p.document }, { headers });
});
