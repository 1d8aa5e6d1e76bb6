import { NextResponse } from 'next/server';
import { apiHandler, parseJsonBody, parseQuery } from '@/lib/api/handler';
import { ZPaginationSchema } from '@/lib/api/pagination';
import { multipartUpload, rawUpload, type UploadPart } from '@/lib/api/upload';
import { createArchiveSubmission, createReferenceSubmission } from '@/lib/server/submissions/create-submission';
import { listProductSubmissions } from '@/lib/server/submissions/list-submissions';
import { ZCreateReferenceSubmissionSchema } from '@/lib/schemas/submission';

type Params = { vendor: string; product: string };

export const GET = apiHandler<Params>(async ({ actor, params, searchParams }) => {
  const { page, pageSize, ...query } = Object.fromEntries(searchParams);
  return listProductSubmissions({
    actor,
    vendor: params.vendor,
    product: params.product,
    pagination: parseQuery(new URLSearchParams({ ...(page ? { page } : {}), ...(pageSize ? { pageSize } : {}) }), ZPaginationSchema),
    query,
  });
});

// JSON: a registry reference. multipart/form-data (field `archive`, after `format`/`platform`) or a
// raw tar body (?format=&filename=&platform=): an archive, streamed to storage with the size limit.
export const POST = apiHandler<Params>(async ({ actor, sourceIp, params, request, searchParams }) => {
  const contentType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const base = { actor, sourceIp, vendor: params.vendor, product: params.product };
  const fromUpload = (part: UploadPart) =>
    createArchiveSubmission({
      ...base,
      body: part.stream,
      declaredBytes: part.declaredBytes,
      input: { format: part.fields.format || undefined, platform: part.fields.platform || undefined, filename: part.filename ?? part.fields.filename },
    });
  let submission;
  if (contentType === 'application/json') {
    submission = await createReferenceSubmission({ ...base, input: await parseJsonBody(request, ZCreateReferenceSubmissionSchema.passthrough()) });
  } else if (contentType === 'multipart/form-data') {
    submission = await multipartUpload(request, 'archive', fromUpload);
  } else {
    submission = await fromUpload(rawUpload(request, searchParams));
  }
  return NextResponse.json(submission, { status: 201, headers: { location: submission.links.self } });
});
