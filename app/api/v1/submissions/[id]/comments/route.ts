import { apiHandler } from '@/lib/api/handler';
import { addComment, listComments } from '@/lib/server/comments/comments';

type Params = { id: string };

export const GET = apiHandler<Params>(async ({ actor, params }) => ({ items: await listComments({ actor, submissionId: params.id }) }));

export const POST = apiHandler<Params>(async ({ actor, sourceIp, params, request }) =>
  Response.json(await addComment({ actor, sourceIp, submissionId: params.id, input: await request.json().catch(() => ({})) }), { status: 201 }),
);
