// One error type for the engine. Codes are narrow literals so callers (CLI, worker, UI) can branch
// on them; messages say what was expected, what was found, and where (image, layer, path).
export type CertificationErrorCode =
  | 'INVALID_REFERENCE'
  | 'UNSUPPORTED_TRANSPORT'
  | 'NOT_FOUND'
  | 'UNAUTHORIZED'
  | 'REGISTRY_ERROR'
  | 'NETWORK_ERROR'
  | 'ADDRESS_BLOCKED'
  | 'MANIFEST_INVALID'
  | 'MEDIA_TYPE_MISMATCH'
  | 'PLATFORM_NOT_FOUND'
  | 'DIGEST_MISMATCH'
  | 'SIZE_MISMATCH'
  | 'LAYER_INVALID'
  | 'TAR_INVALID'
  | 'ARCHIVE_INVALID'
  | 'LIMIT_EXCEEDED'
  | 'ABORTED'
  | 'TIMEOUT'
  | 'SIGNATURE_ERROR'
  | 'POLICY_INVALID'
  | 'VERSION_INVALID'
  | 'OS_RELEASE_INVALID'
  | 'PACKAGE_DB_INVALID'
  | 'PACKAGE_DB_UNSUPPORTED'
  | 'ADVISORY_INVALID'
  | 'ADVISORY_DB_INVALID'
  | 'WAIVERS_INVALID'
  | 'OPTIONS_INVALID'
  | 'INTERNAL';

export class CertificationError extends Error {
  readonly code: CertificationErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: CertificationErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'CertificationError';
    this.code = code;
    this.details = details;
  }
}

export function isCertificationError(e: unknown): e is CertificationError {
  return e instanceof CertificationError;
}
