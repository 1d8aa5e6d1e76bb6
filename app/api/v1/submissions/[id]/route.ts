import { apiHandler } from '@/lib/api/handler';
import { getSubmissionWithHistory } from '@/lib/server/submissions/get-submission';

type Params = { id: string };

export const GET = apiHandler<Params>(async ({ actor, params }) => getSubmissionWithHistory({ actor, id: params.id }));
