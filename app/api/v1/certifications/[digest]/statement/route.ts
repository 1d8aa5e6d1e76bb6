import { apiHandler } from '@/lib/api/handler';
import { certificationStatement } from '@/lib/certifications/certification-status';

export const dynamic = 'force-dynamic';

// The newest signed statement (DSSE envelope) of a standing certification; 404 once revoked.
export const GET = apiHandler<{ digest: string }>(async ({ params }) => {
  const envelope = await certificationStatement(decodeURIComponent(params.digest));
  return new Response(JSON.stringify(envelope), {
    status: 200,
    headers: { 'content-type': 'application/vnd.dsse.envelope.v1+json', 'cache-control': 'no-cache' },
  });
});
