import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CertificationError } from '../errors';
import { isDigest } from '../image/reference';
import { openImage } from '../image/open-image';
import {
  KeysDocumentError,
  parseKeysDocument,
  verifyCertificationStatement,
  type CertificationStatusInput,
  type CertificationVerdict,
} from '../certifications/verify-statement';
import { IMAGE_OPTIONS, IMAGE_OPTIONS_HELP, imageOptions, UsageError } from './options';

export const VERIFY_CERTIFICATION_HELP = `Usage: assay verify-certification <image-ref|digest> --server URL [options]
       assay verify-certification [<image-ref|digest>] --statement FILE --keys FILE [options]

Verifies the platform-signed certification of an image: the DSSE signature by a platform key valid
when the statement was issued, the subject digest, the validity period and (online) revocation.

  <image-ref|digest>            sha256:<hex>, HOST/NAME@sha256:<hex> (no registry access), or a
                                tag (docker://HOST/NAME:TAG, oci:DIR:TAG…) resolved to its digest
  --server URL                  online: fetch keys.json, the statement and the current status
  --statement FILE              offline: a saved statement (DSSE envelope)
  --keys FILE                   offline: keys.json saved from /.well-known/assay/keys.json, or a PEM key
  --at TIME                     judge validity at this RFC 3339 time instead of now
  --format json|text            output format (default text)
${IMAGE_OPTIONS_HELP}

Exit codes: 0 valid; 1 invalid, expired, revoked or not certified (the output says which); 2 error.
`;

const FETCH_TIMEOUT_MS = 30_000;

/** The digest an argument names: a bare digest or `…@digest` as given, anything else via the image. */
async function resolveDigest(arg: string, values: Parameters<typeof imageOptions>[0]): Promise<string> {
  const bare = arg.trim();
  if (isDigest(bare)) return bare;
  const at = bare.lastIndexOf('@');
  if (at > 0 && isDigest(bare.slice(at + 1))) return bare.slice(at + 1);
  const source = /^[a-z-]+:/.test(bare) && !/^[^/]+:\d+\//.test(bare) ? bare : `docker://${bare}`;
  const image = await openImage(source, imageOptions(values));
  try {
    return image.digest;
  } finally {
    await image.close();
  }
}

async function fetchServer(url: URL, what: string): Promise<{ status: number; body: string }> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw new CertificationError('NETWORK_ERROR', `${what} ${url.href}: expected an answer, got ${cause}`);
  }
  return { status: res.status, body: await res.text() };
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new CertificationError('REGISTRY_ERROR', `${what}: expected JSON, got ${text.slice(0, 80)}`);
  }
}

function readInput(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${what} ${file}: expected a readable file, got ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

interface Outcome {
  verdict: CertificationVerdict;
  digest: string | null;
  mode: 'online' | 'offline';
}

function formatText({ verdict, digest, mode }: Outcome): string {
  if (verdict.ok) {
    const p = verdict.predicate;
    return [
      `VALID: ${verdict.digest} is certified (${mode})`,
      `  product:  ${p.vendor.name} / ${p.product.name} (${p.product.repository})`,
      `  grade:    ${p.grade}`,
      `  policy:   ${p.policy ? `${p.policy.name} ${p.policy.version}` : '(none named)'}`,
      `  issued:   ${verdict.issuedAt.toISOString()} by ${p.platformUrl}`,
      `  expires:  ${verdict.expiresAt.toISOString()}`,
      `  key:      ${verdict.keyId}`,
      '',
    ].join('\n');
  }
  const label = { REVOKED: 'REVOKED', EXPIRED: 'EXPIRED', NOT_CERTIFIED: 'NOT CERTIFIED', NOT_YET_VALID: 'NOT YET VALID' }[verdict.code as string] ?? 'INVALID';
  return `${label}: ${digest ?? 'the statement'}: ${verdict.reason} [${verdict.code}]\n`;
}

function formatJson({ verdict, digest, mode }: Outcome): string {
  const body = verdict.ok
    ? { valid: true, mode, digest: verdict.digest, keyId: verdict.keyId, issuedAt: verdict.issuedAt.toISOString(), expiresAt: verdict.expiresAt.toISOString(), predicate: verdict.predicate }
    : { valid: false, mode, digest, code: verdict.code, reason: verdict.reason, ...(verdict.predicate ? { predicate: verdict.predicate } : {}) };
  return `${JSON.stringify(body, null, 2)}\n`;
}

export async function runVerifyCertification(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...IMAGE_OPTIONS,
      server: { type: 'string' },
      statement: { type: 'string' },
      keys: { type: 'string' },
      at: { type: 'string' },
      format: { type: 'string', default: 'text' },
    },
    allowPositionals: true,
  });
  if (values.help) {
    out(VERIFY_CERTIFICATION_HELP);
    return 0;
  }
  if (values.format !== 'json' && values.format !== 'text') throw new UsageError(`--format: expected json or text, got "${values.format}"`);
  if (positionals.length > 1) throw new UsageError(`verify-certification: expected at most one <image-ref|digest>, got ${positionals.length}`);
  const offline = values.statement !== undefined || values.keys !== undefined;
  if (offline && (values.statement === undefined || values.keys === undefined)) throw new UsageError('verify-certification: offline verification needs both --statement FILE and --keys FILE');
  if (offline && values.server) throw new UsageError('verify-certification: give either --server URL or --statement/--keys, not both');
  if (!offline && !values.server) throw new UsageError('verify-certification: expected --server URL (online) or --statement FILE --keys FILE (offline)');
  if (!offline && !positionals.length) throw new UsageError('verify-certification: online verification needs the <image-ref|digest> to check');
  let at = new Date();
  if (values.at !== undefined) {
    at = new Date(values.at);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(values.at) || Number.isNaN(at.getTime())) throw new UsageError(`--at: expected an RFC 3339 time like 2026-12-01T00:00:00Z, got "${values.at}"`);
  }
  const digest = positionals[0] ? await resolveDigest(positionals[0], values) : null;

  let outcome: Outcome;
  try {
    outcome = offline ? verifyOffline(values.statement!, values.keys!, digest, at) : await verifyOnline(values.server!, digest!, at);
  } catch (e) {
    if (e instanceof KeysDocumentError) throw new UsageError(e.message);
    throw e;
  }
  out(values.format === 'json' ? formatJson(outcome) : formatText(outcome));
  return outcome.verdict.ok ? 0 : 1;
}

function verifyOffline(statementFile: string, keysFile: string, digest: string | null, at: Date): Outcome {
  const keys = parseKeysDocument(readInput(keysFile, '--keys'), keysFile);
  const envelope = readInput(statementFile, '--statement');
  const verdict = verifyCertificationStatement({ envelope, keys, at, ...(digest ? { digest } : {}) });
  return { verdict, digest: verdict.ok ? verdict.digest : digest, mode: 'offline' };
}

async function verifyOnline(server: string, digest: string, at: Date): Promise<Outcome> {
  let base: URL;
  try {
    base = new URL(server.endsWith('/') ? server : `${server}/`);
  } catch {
    throw new UsageError(`--server: expected a URL like https://assay.example.com, got "${server}"`);
  }
  const keysAnswer = await fetchServer(new URL('.well-known/assay/keys.json', base), 'keys');
  if (keysAnswer.status !== 200) throw new CertificationError('REGISTRY_ERROR', `keys ${base.href}.well-known/assay/keys.json: expected 200, got ${keysAnswer.status}`);
  const keys = parseKeysDocument(keysAnswer.body, `${base.origin} keys.json`);
  const statusAnswer = await fetchServer(new URL(`api/v1/certifications/${digest}`, base), 'status');
  if (statusAnswer.status !== 200) throw new CertificationError('REGISTRY_ERROR', `status of ${digest}: expected 200, got ${statusAnswer.status} ${statusAnswer.body.slice(0, 200)}`);
  const status = parseJson(statusAnswer.body, `status of ${digest}`) as CertificationStatusInput;
  if (status.status === 'revoked' || status.status === 'not-certified') {
    // The server's word is enough to refuse; no statement is handed out for these.
    const reason =
      status.status === 'revoked'
        ? `the certification was revoked${status.revokedAt ? ` on ${status.revokedAt}` : ''}${status.reason ? `: ${status.reason}` : ''}`
        : `${base.origin} does not certify ${digest}`;
    return { verdict: { ok: false, code: status.status === 'revoked' ? 'REVOKED' : 'NOT_CERTIFIED', reason }, digest, mode: 'online' };
  }
  const statementAnswer = await fetchServer(new URL(`api/v1/certifications/${digest}/statement`, base), 'statement');
  if (statementAnswer.status !== 200) {
    throw new CertificationError('REGISTRY_ERROR', `statement of ${digest}: expected 200, got ${statementAnswer.status} ${statementAnswer.body.slice(0, 200)}`);
  }
  const verdict = verifyCertificationStatement({ envelope: statementAnswer.body, keys, digest, at, status });
  return { verdict, digest, mode: 'online' };
}
