import { Readable } from 'node:stream';
import { apiHandler } from '@/lib/api/handler';
import { getSubmissionReport } from '@/lib/server/submissions/get-submission';

type Params = { id: string };

export const GET = apiHandler<Params>(async ({ actor, params }) => {
  const stream = await getSubmissionReport({ actor, id: params.id });
  return new Response(Readable.toWeb(stream) as ReadableStream, { headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'private, no-store' } });
});
