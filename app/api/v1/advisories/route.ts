import { Readable } from 'node:stream';
import { apiHandler } from '@/lib/api/handler';
import { AppError } from '@/lib/errors';
import { latestAdvisoryImport } from '@/lib/server/advisories/advisories';
import { storage } from '@/lib/storage';

// Public: the current advisory index (gzip JSON, the engine's saved format) for `assay certify --advisories`.
export const GET = apiHandler(async ({ request }) => {
  const latest = await latestAdvisoryImport();
  if (!latest?.storageKey) throw new AppError('NOT_FOUND', 'No advisory database has been imported yet.');
  const etag = `"${latest.id}"`;
  const headers = {
    etag,
    'cache-control': 'public, max-age=0, must-revalidate',
    'last-modified': latest.importedAt.toUTCString(),
    'x-assay-advisory-import': latest.id,
  };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  const stream = await storage().get(latest.storageKey);
  return new Response(Readable.toWeb(stream) as ReadableStream, {
    headers: { ...headers, 'content-type': 'application/gzip', 'content-disposition': 'attachment; filename="assay-advisories.json.gz"' },
  });
});
