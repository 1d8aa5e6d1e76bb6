import { apiHandler } from '@/lib/api/handler';
import { exportAuditEvents, toByteStream } from '@/lib/server/audit/export-audit-events';

export const dynamic = 'force-dynamic';

// Streams the filtered trail as JSON lines (one event per line, oldest first) as a download.
export const GET = apiHandler(async ({ actor, searchParams }) => {
  const lines = await exportAuditEvents({ actor, query: Object.fromEntries(searchParams) });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return new Response(toByteStream(lines), {
    headers: {
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="assay-audit-${stamp}.jsonl"`,
      'Cache-Control': 'no-store',
    },
  });
});
