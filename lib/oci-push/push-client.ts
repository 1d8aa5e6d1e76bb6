import { createHash } from 'node:crypto';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { basicAuthorization, parseChallenge, type Credentials } from '@/certification/image/sources/auth';
import type { OciArtifact } from '@/certification/signatures/sign';

// A minimal OCI Distribution PUSH client: monolithic blob uploads (POST then PUT ?digest=), skipped
// when HEAD says the blob is there, then the manifest by tag. Basic and bearer auth. The engine's
// registry client only reads (GET/HEAD); this is the platform's one writer, for its own repository.

export type OciPushErrorCode = 'UNAUTHORIZED' | 'REGISTRY_ERROR' | 'NETWORK_ERROR' | 'INVALID_REPOSITORY';

export class OciPushError extends Error {
  readonly code: OciPushErrorCode;
  constructor(code: OciPushErrorCode, message: string) {
    super(message);
    this.name = 'OciPushError';
    this.code = code;
  }
}

export interface RepositoryName {
  /** host[:port] */
  registry: string;
  /** path inside the registry, e.g. assay/attestations */
  repository: string;
}

/** `127.0.0.1:5000/assay/attestations` → registry + repository (the first part is a host when it has a dot, a port or is localhost). */
export function parseRepositoryName(value: string): RepositoryName {
  const v = value.trim().replace(/^docker:\/\//, '');
  const slash = v.indexOf('/');
  const first = slash > 0 ? v.slice(0, slash) : '';
  const isHost = first.includes('.') || first.includes(':') || first === 'localhost';
  const registry = isHost ? first : 'docker.io';
  const repository = isHost ? v.slice(slash + 1) : v;
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository) || /[@:]/.test(repository)) {
    throw new OciPushError('INVALID_REPOSITORY', `expected a repository like registry.example.com/assay/attestations (no tag or digest), got "${value}"`);
  }
  return { registry, repository: registry === 'docker.io' && !repository.includes('/') ? `library/${repository}` : repository };
}

export interface OciPushOptions {
  /** false: plain HTTP (a loopback test registry); default true: HTTPS with verified certificates. */
  tlsVerify?: boolean;
  credentials?: Credentials;
  timeoutMs?: number;
  userAgent?: string;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const MAX_ANSWER_BYTES = 1024 * 1024;

export function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

export class OciPushClient {
  readonly registry: string;
  readonly baseUrl: URL;
  private readonly opts: OciPushOptions;
  private readonly authorizations = new Map<string, string>();

  constructor(registry: string, opts: OciPushOptions = {}) {
    this.registry = registry;
    this.opts = opts;
    const host = registry === 'docker.io' ? 'registry-1.docker.io' : registry;
    this.baseUrl = new URL(`${opts.tlsVerify === false ? 'http' : 'https'}://${host}`);
  }

  private raw(url: URL, method: string, headers: Record<string, string>, body?: Buffer): Promise<Answer> {
    const mod = url.protocol === 'https:' ? https : http;
    const timeoutMs = this.opts.timeoutMs ?? 30_000;
    return new Promise<Answer>((resolve, reject) => {
      const req = mod.request(
        url,
        {
          method,
          headers: { 'user-agent': this.opts.userAgent ?? 'assay', ...headers, ...(body ? { 'content-length': String(body.length) } : method === 'PUT' || method === 'POST' ? { 'content-length': '0' } : {}) },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size <= MAX_ANSWER_BYTES) chunks.push(c);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (e) =>
        reject(new OciPushError('NETWORK_ERROR', `${url.origin}: expected a connection, got ${(e as NodeJS.ErrnoException).code ?? 'an error'} (${e.message})`)),
      );
      req.end(body);
    });
  }

  /** One request with the auth dance: on 401, read the challenge, authenticate, try once more. */
  private async request(repository: string, url: URL, method: string, headers: Record<string, string> = {}, body?: Buffer): Promise<Answer> {
    const withAuth = () => {
      const auth = url.host === this.baseUrl.host ? this.authorizations.get(repository) : undefined;
      return auth ? { ...headers, authorization: auth } : headers;
    };
    let answer = await this.raw(url, method, withAuth(), body);
    if (answer.status !== 401) return answer;
    const challenge = parseChallenge(header(answer.headers, 'www-authenticate'));
    const creds = this.opts.credentials;
    if (challenge?.scheme === 'basic') {
      if (!creds) throw new OciPushError('UNAUTHORIZED', `${this.registry}/${repository}: the registry asks for credentials and none are configured (ASSAY_ATTESTATION_CREDS)`);
      this.authorizations.set(repository, basicAuthorization(creds));
    } else if (challenge?.scheme === 'bearer') {
      this.authorizations.set(repository, `Bearer ${await this.token(repository, challenge.params)}`);
    } else {
      throw new OciPushError('UNAUTHORIZED', `${this.registry}/${repository}: expected a Basic or Bearer challenge, got "${header(answer.headers, 'www-authenticate') ?? '(none)'}"`);
    }
    answer = await this.raw(url, method, withAuth(), body);
    if (answer.status === 401) {
      throw new OciPushError('UNAUTHORIZED', `${this.registry}/${repository}: ${creds ? 'the credentials were rejected' : 'anonymous push was refused'}`);
    }
    return answer;
  }

  private async token(repository: string, params: Record<string, string>): Promise<string> {
    if (!params.realm) throw new OciPushError('UNAUTHORIZED', `${this.registry}: a Bearer challenge without a realm`);
    const realm = new URL(params.realm);
    if (realm.protocol !== 'https:' && !(realm.protocol === 'http:' && this.opts.tlsVerify === false)) {
      throw new OciPushError('UNAUTHORIZED', `${this.registry}: refusing a token realm over ${realm.protocol} while TLS is required`);
    }
    if (params.service) realm.searchParams.set('service', params.service);
    realm.searchParams.set('scope', params.scope || `repository:${repository}:pull,push`);
    const headers: Record<string, string> = {};
    if (this.opts.credentials) headers.authorization = basicAuthorization(this.opts.credentials);
    const answer = await this.raw(realm, 'GET', headers);
    if (answer.status !== 200) {
      throw new OciPushError('UNAUTHORIZED', `token server ${realm.origin}: expected 200, got ${answer.status}`);
    }
    try {
      const json = JSON.parse(answer.body.toString('utf8')) as { token?: unknown; access_token?: unknown };
      const token = typeof json.token === 'string' ? json.token : typeof json.access_token === 'string' ? json.access_token : '';
      if (token) return token;
    } catch {
      // fall through to the error below
    }
    throw new OciPushError('UNAUTHORIZED', `token server ${realm.origin}: expected JSON with "token" or "access_token"`);
  }

  private fail(what: string, expected: string, answer: Answer): never {
    const text = answer.body.toString('utf8').slice(0, 300).replace(/\s+/g, ' ').trim();
    throw new OciPushError('REGISTRY_ERROR', `${what}: expected ${expected}, got ${answer.status}${text ? ` (${text})` : ''}`);
  }

  async blobExists(repository: string, digest: string): Promise<boolean> {
    const answer = await this.request(repository, new URL(`/v2/${repository}/blobs/${digest}`, this.baseUrl), 'HEAD');
    if (answer.status === 200) return true;
    if (answer.status === 404) return false;
    this.fail(`HEAD blob ${this.registry}/${repository}@${digest}`, '200 or 404', answer);
  }

  /** Uploads a blob in one piece unless the registry has it already; returns its digest. */
  async pushBlob(repository: string, bytes: Buffer): Promise<{ digest: string; uploaded: boolean }> {
    const digest = sha256Digest(bytes);
    if (await this.blobExists(repository, digest)) return { digest, uploaded: false };
    const where = `upload ${this.registry}/${repository}@${digest}`;
    const start = await this.request(repository, new URL(`/v2/${repository}/blobs/uploads/`, this.baseUrl), 'POST');
    if (start.status !== 202) this.fail(where, '202 Accepted with a Location', start);
    const location = header(start.headers, 'location');
    if (!location) this.fail(where, 'a Location header', start);
    const url = new URL(location, this.baseUrl);
    url.searchParams.set('digest', digest);
    const put = await this.request(repository, url, 'PUT', { 'content-type': 'application/octet-stream' }, bytes);
    if (put.status !== 201) this.fail(where, '201 Created', put);
    return { digest, uploaded: true };
  }

  /** PUT a manifest under a tag (or digest); returns the manifest's digest. */
  async putManifest(repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<string> {
    const answer = await this.request(repository, new URL(`/v2/${repository}/manifests/${reference}`, this.baseUrl), 'PUT', { 'content-type': mediaType }, bytes);
    if (answer.status !== 201) this.fail(`PUT manifest ${this.registry}/${repository}:${reference}`, '201 Created', answer);
    return sha256Digest(bytes);
  }

  /** The digest a tag points at, or null when the tag does not exist. */
  async manifestDigest(repository: string, reference: string, accept: string): Promise<string | null> {
    const answer = await this.request(repository, new URL(`/v2/${repository}/manifests/${reference}`, this.baseUrl), 'HEAD', { accept });
    if (answer.status === 404) return null;
    if (answer.status !== 200) this.fail(`HEAD manifest ${this.registry}/${repository}:${reference}`, '200 or 404', answer);
    const digest = header(answer.headers, 'docker-content-digest');
    if (!digest) this.fail(`HEAD manifest ${this.registry}/${repository}:${reference}`, 'a Docker-Content-Digest header', answer);
    return digest;
  }

  /** Deletes a manifest by digest (registries refuse deleting by tag); a missing one is fine. */
  async deleteManifest(repository: string, digest: string): Promise<void> {
    const answer = await this.request(repository, new URL(`/v2/${repository}/manifests/${digest}`, this.baseUrl), 'DELETE');
    if (answer.status !== 202 && answer.status !== 200 && answer.status !== 404) this.fail(`DELETE manifest ${this.registry}/${repository}@${digest}`, '202 Accepted', answer);
  }

  /** Pushes every blob of an artifact, then its manifest under `tag`. */
  async pushArtifact(repository: string, tag: string, artifact: OciArtifact, mediaType: string): Promise<{ manifestDigest: string; blobsUploaded: number }> {
    let blobsUploaded = 0;
    for (const blob of artifact.blobs) {
      const { digest, uploaded } = await this.pushBlob(repository, blob.bytes);
      if (digest !== blob.digest) throw new OciPushError('REGISTRY_ERROR', `blob digest ${digest} ≠ descriptor digest ${blob.digest}`);
      if (uploaded) blobsUploaded++;
    }
    const manifestDigest = await this.putManifest(repository, tag, artifact.manifest, mediaType);
    return { manifestDigest, blobsUploaded };
  }
}
