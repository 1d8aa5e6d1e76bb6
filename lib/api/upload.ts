import { Readable } from 'node:stream';
import busboy from 'busboy';
import { AppError } from '../errors';

// Streaming request bodies for uploads: nothing here buffers the file; the consumer reads it.

export interface UploadPart {
  stream: Readable;
  fields: Record<string, string>;
  filename: string | undefined;
  declaredBytes: number | null;
}

/** Overhead a multipart envelope may add around the file, for the early Content-Length check. */
export const MULTIPART_SLACK_BYTES = 64 * 1024;

export function declaredLength(request: Request): number | null {
  const value = request.headers.get('content-length');
  return value && /^\d+$/.test(value) ? Number(value) : null;
}

/** A raw body upload (application/x-tar, application/octet-stream): fields come from the query. */
export function rawUpload(request: Request, searchParams: URLSearchParams): UploadPart {
  if (!request.body) throw new AppError('VALIDATION_FAILED', 'Invalid input — archive: the request has no body', { details: { issues: [{ field: 'archive', message: 'Send the archive as the request body' }] } });
  return {
    stream: Readable.fromWeb(request.body as import('node:stream/web').ReadableStream),
    fields: Object.fromEntries(searchParams),
    filename: searchParams.get('filename') ?? undefined,
    declaredBytes: declaredLength(request),
  };
}

/**
 * multipart/form-data with one file field `fileField` (text fields must come before it). Calls
 * `consume` with the file stream as soon as the file part starts.
 */
export function multipartUpload<T>(request: Request, fileField: string, consume: (part: UploadPart) => Promise<T>): Promise<T> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!request.body) return Promise.reject(new AppError('BAD_REQUEST', 'The multipart request has no body.'));
  const declared = declaredLength(request);
  const body = Readable.fromWeb(request.body as import('node:stream/web').ReadableStream);
  return new Promise<T>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': contentType }, limits: { files: 1, fields: 20, fieldSize: 4096 } });
    } catch (e) {
      reject(new AppError('BAD_REQUEST', `Expected a multipart/form-data body: ${(e as Error).message}`));
      return;
    }
    const fields: Record<string, string> = {};
    let started = false;
    const fail = (e: unknown) => {
      body.unpipe(parser);
      body.destroy();
      reject(e);
    };
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (started || name !== fileField) {
        stream.resume();
        return;
      }
      started = true;
      consume({ stream, fields: { ...fields }, filename: info.filename, declaredBytes: declared === null ? null : Math.max(0, declared - MULTIPART_SLACK_BYTES) }).then(
        (v) => {
          resolve(v);
          body.resume();
        },
        fail,
      );
    });
    parser.on('close', () => {
      if (!started) {
        reject(new AppError('VALIDATION_FAILED', `Invalid input — ${fileField}: expected a file field named "${fileField}"`, { details: { issues: [{ field: fileField, message: 'Choose an archive file' }] } }));
      }
    });
    parser.on('error', (e) => fail(new AppError('BAD_REQUEST', `The multipart body could not be read: ${(e as Error).message}`)));
    body.on('error', (e) => fail(new AppError('BAD_REQUEST', `The upload did not complete: ${e.message}`)));
    body.pipe(parser);
  });
}
