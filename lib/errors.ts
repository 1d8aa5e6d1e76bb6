import { ZodError } from 'zod';

// One error type for the application; the code decides the HTTP status and the UI message.
export const ERROR_STATUS = {
  VALIDATION_FAILED: 422,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, message: string, options: { details?: unknown; retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export interface FieldIssue {
  field: string;
  message: string;
}

/** A ZodError as one readable message naming the fields, plus the list of field issues. */
export function fromZodError(error: ZodError): AppError {
  const issues: FieldIssue[] = error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
  const message = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  return new AppError('VALIDATION_FAILED', `Invalid input — ${message}`, { details: { issues } });
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return fromZodError(error);
  return new AppError('INTERNAL', 'Something went wrong on our side. It has been logged.');
}
