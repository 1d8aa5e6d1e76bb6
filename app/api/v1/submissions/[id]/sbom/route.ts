import { Readable } from 'node:stream';
import { apiHandler } from '@/lib/api/handler';
import { getSubmissionSbom } from '@/lib/server/submissions/get-submission';

type Params = { id: string };

export const GET = apiHandler<Params>(async ({ actor, params, searchParams }) => {
  const { stream, format } = await getSubmissionSbom({ actor, id: params.id, format: searchParams.get('format') });
  return new Response(Readable.toWeb(stream) as ReadableStream, {
    headers: {
      'content-type': format === 'spdx' ? 'application/spdx+json' : 'application/vnd.cyclonedx+json',
      'content-disposition': `attachment; filename="${params.id}.${format}.json"`,
      'cache-control': 'private, no-store',
    },
  });
});
