import { NextResponse } from 'next/server';
import { apiHandler } from '@/lib/api/handler';
import { assertAuthorized } from '@/lib/auth/authorize';
import { multipartUpload, rawUpload, type UploadPart } from '@/lib/api/upload';
import { listAdvisoryImports } from '@/lib/server/advisories/advisories';
import { uploadAdvisories } from '@/lib/server/advisories/upload-advisories';

export const GET = apiHandler(async ({ actor }) => ({ items: await listAdvisoryImports({ actor }) }));

// An OSV zip, as multipart (field `file`) or a raw body (?filename=): streamed to storage with the
// size limit, then imported by a worker. 202: the import runs in the background.
export const POST = apiHandler(async ({ actor, sourceIp, request, searchParams }) => {
  // Before reading a byte of the body.
  assertAuthorized(actor, 'advisories.write');
  const contentType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const fromUpload = (part: UploadPart) => uploadAdvisories({ actor, sourceIp, body: part.stream, declaredBytes: part.declaredBytes, filename: part.filename ?? part.fields.filename });
  const result = contentType === 'multipart/form-data' ? await multipartUpload(request, 'file', fromUpload) : await fromUpload(rawUpload(request, searchParams));
  return NextResponse.json(result, { status: 202 });
});
