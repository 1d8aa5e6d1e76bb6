import { CertificationError } from '../../errors';
import { digestOf, parseDigest, readBounded, readVerified } from '../digest';
import { isDigest, isTag, type ImageReference } from '../reference';
import { MANIFEST_ACCEPT, MEDIA_TYPES } from '../media-types';
import type { Descriptor } from '../types';
import { basicAuthorization, parseChallenge, resolveCredentials, type CredentialSourceOptions, type Credentials } from './auth';
import { HttpClient, type HttpClientOptions, type HttpResponse } from './http';
import type { GetManifestOptions, ImageSource, ManifestBytes } from './source';

export interface RegistryOptions extends HttpClientOptions, CredentialSourceOptions {
  /** false: talk plain HTTP (skopeo's `--tls-verify=false`); default true: HTTPS with verified certificates. */
  tlsVerify?: boolean;
  /** Page size asked for in tag listing (`?n=`). */
  tagPageSize?: number;
}

const MAX_ERROR_BODY = 64 * 1024;
const MAX_TAG_PAGES = 1000;
const MAX_TAG_PAGE_BYTES = 4 * 1024 * 1024;

/** An OCI Distribution client for one registry host. */
export class RegistryClient {
  readonly registry: string;
  readonly baseUrl: URL;
  private readonly http: HttpClient;
  private readonly opts: RegistryOptions;
  private readonly authorizations = new Map<string, string>();
  private readonly credentialCache = new Map<string, Credentials | undefined>();

  constructor(registry: string, opts: RegistryOptions = {}) {
    this.registry = registry;
    this.opts = opts;
    const host = registry === 'docker.io' ? 'registry-1.docker.io' : registry;
    this.baseUrl = new URL(`${opts.tlsVerify === false ? 'http' : 'https'}://${host}`);
    this.http = new HttpClient(opts);
  }

  close(): void {
    this.http.close();
  }

  private credentials(repository: string): Credentials | undefined {
    if (!this.credentialCache.has(repository)) {
      this.credentialCache.set(repository, resolveCredentials(this.registry, repository, this.opts));
    }
    return this.credentialCache.get(repository);
  }

  /** GET with the registry's auth dance: try, read the 401 challenge, authenticate, try once more. */
  async get(
    pathOrUrl: string | URL,
    repository: string,
    init: { accept?: string; signal?: AbortSignal; method?: 'GET' | 'HEAD' } = {},
  ): Promise<HttpResponse> {
    const url = typeof pathOrUrl === 'string' ? new URL(pathOrUrl, this.baseUrl) : pathOrUrl;
    const headers = (): Record<string, string> => {
      const h: Record<string, string> = {};
      if (init.accept) h.accept = init.accept;
      const auth = this.authorizations.get(repository);
      if (auth) h.authorization = auth;
      return h;
    };
    const method = init.method ?? 'GET';
    let res = await this.http.request(url, { method, headers: headers(), signal: init.signal });
    if (res.status !== 401) return res;
    res.body.resume();
    const challenge = parseChallenge(firstHeader(res.headers['www-authenticate']));
    const creds = this.credentials(repository);
    if (challenge?.scheme === 'basic') {
      if (!creds) throw unauthorized(this.registry, repository, 'no credentials were given (use --creds or --authfile)');
      this.authorizations.set(repository, basicAuthorization(creds));
    } else if (challenge?.scheme === 'bearer') {
      const token = await this.fetchToken(challenge.params, repository, creds, init.signal);
      this.authorizations.set(repository, `Bearer ${token}`);
    } else {
      throw unauthorized(this.registry, repository, `an unsupported challenge "${firstHeader(res.headers['www-authenticate']) ?? '(none)'}"`);
    }
    res = await this.http.request(url, { method, headers: headers(), signal: init.signal });
    if (res.status === 401) {
      res.body.resume();
      throw unauthorized(this.registry, repository, creds ? 'the credentials were rejected' : 'anonymous access was refused');
    }
    return res;
  }

  private async fetchToken(
    params: Record<string, string>,
    repository: string,
    creds: Credentials | undefined,
    signal?: AbortSignal,
  ): Promise<string> {
    if (!params.realm) throw unauthorized(this.registry, repository, 'a Bearer challenge without a realm');
    let realm: URL;
    try {
      realm = new URL(params.realm);
    } catch {
      throw unauthorized(this.registry, repository, `a Bearer realm that is not a URL: "${params.realm}"`);
    }
    if (realm.protocol !== 'https:' && !(realm.protocol === 'http:' && this.opts.tlsVerify === false)) {
      throw unauthorized(this.registry, repository, `a token realm over ${realm.protocol} while TLS is required`);
    }
    if (params.service) realm.searchParams.set('service', params.service);
    realm.searchParams.set('scope', params.scope ?? `repository:${repository}:pull`);
    const headers: Record<string, string> = {};
    if (creds) headers.authorization = basicAuthorization(creds);
    const res = await this.http.request(realm, { headers, signal });
    const body = await readBounded(res.body, MAX_ERROR_BODY, `token from ${realm.origin}`);
    if (res.status === 401 || res.status === 403) {
      throw unauthorized(this.registry, repository, creds ? 'the token server rejected the credentials' : 'the token server refused anonymous access');
    }
    if (res.status !== 200) {
      throw new CertificationError('REGISTRY_ERROR', `token server ${realm.origin}: expected 200, got ${res.status}`);
    }
    let json: { token?: unknown; access_token?: unknown };
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw new CertificationError('REGISTRY_ERROR', `token server ${realm.origin}: expected JSON with "token", got unparsable text`);
    }
    const token = typeof json.token === 'string' ? json.token : typeof json.access_token === 'string' ? json.access_token : undefined;
    if (!token) throw new CertificationError('REGISTRY_ERROR', `token server ${realm.origin}: expected "token" or "access_token", got neither`);
    return token;
  }

  /** A manifest or index by tag or digest; the bytes are checked against the digest. */
  async getManifest(repository: string, reference: string, opts: GetManifestOptions): Promise<ManifestBytes> {
    if (!isDigest(reference) && !isTag(reference)) {
      throw new CertificationError('INVALID_REFERENCE', `${this.registry}/${repository}: expected a tag or digest, got "${reference.slice(0, 200)}"`);
    }
    const where = `manifest ${this.registry}/${repository}${isDigest(reference) ? '@' : ':'}${reference}`;
    const res = await this.get(`/v2/${repository}/manifests/${reference}`, repository, {
      accept: MANIFEST_ACCEPT,
      signal: opts.signal,
    });
    await expectOk(res, where);
    const mediaType = firstHeader(res.headers['content-type']);
    const length = Number(res.headers['content-length']);
    if (Number.isFinite(length) && length > opts.maxBytes) {
      res.body.destroy();
      throw new CertificationError('LIMIT_EXCEEDED', `maxManifestBytes exceeded (${where}): limit ${opts.maxBytes}, got ${length}`, {
        limit: 'maxManifestBytes',
        max: opts.maxBytes,
        value: length,
      });
    }
    if (isDigest(reference)) {
      const bytes = await readVerified(res.body, { digest: reference }, { where, maxBytes: opts.maxBytes, signal: opts.signal });
      return { bytes, digest: reference, ...(mediaType ? { mediaType } : {}) };
    }
    const bytes = await readBounded(res.body, opts.maxBytes, where);
    const announced = firstHeader(res.headers['docker-content-digest']);
    let digest = digestOf(bytes);
    if (announced && isDigest(announced)) {
      const actual = digestOf(bytes, parseDigest(announced).algorithm);
      if (actual !== announced) {
        throw new CertificationError('DIGEST_MISMATCH', `${where}: expected digest ${announced} (Docker-Content-Digest), got ${actual}`);
      }
      digest = announced.startsWith('sha256:') ? announced : digest;
    }
    return { bytes, digest, ...(mediaType ? { mediaType } : {}) };
  }

  /**
   * The digest `tag` points at now: a HEAD request's Docker-Content-Digest, or the hash of a GET
   * when the registry leaves the header out. `undefined` when the tag no longer exists.
   */
  async tagDigest(repository: string, tag: string, opts: GetManifestOptions): Promise<string | undefined> {
    if (!isTag(tag)) return undefined;
    const res = await this.get(`/v2/${repository}/manifests/${tag}`, repository, { accept: MANIFEST_ACCEPT, signal: opts.signal, method: 'HEAD' });
    res.body.resume();
    if (res.status === 404) return undefined;
    const announced = firstHeader(res.headers['docker-content-digest']);
    if (res.status >= 200 && res.status < 300 && announced && isDigest(announced)) return announced;
    return (await this.getManifest(repository, tag, opts)).digest;
  }

  async getBlob(repository: string, descriptor: Descriptor, signal?: AbortSignal): Promise<AsyncIterable<Buffer>> {
    const where = `blob ${this.registry}/${repository}@${descriptor.digest}`;
    const res = await this.get(`/v2/${repository}/blobs/${descriptor.digest}`, repository, { signal });
    await expectOk(res, where);
    return res.body;
  }

  /** All tags, following `Link: <…>; rel="next"` pages. */
  async listTags(repository: string, signal?: AbortSignal): Promise<string[]> {
    const tags: string[] = [];
    let next: URL | undefined = new URL(`/v2/${repository}/tags/list`, this.baseUrl);
    if (this.opts.tagPageSize) next.searchParams.set('n', String(this.opts.tagPageSize));
    for (let page = 0; next; page++) {
      if (page >= MAX_TAG_PAGES) {
        throw new CertificationError('REGISTRY_ERROR', `tag list of ${this.registry}/${repository}: expected at most ${MAX_TAG_PAGES} pages, got more`);
      }
      const where = `tag list of ${this.registry}/${repository}`;
      const res = await this.get(next, repository, { signal, accept: 'application/json' });
      await expectOk(res, where);
      const body = await readBounded(res.body, MAX_TAG_PAGE_BYTES, where);
      let json: { tags?: unknown };
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        throw new CertificationError('REGISTRY_ERROR', `${where}: expected JSON, got unparsable text`);
      }
      if (json.tags != null && !(Array.isArray(json.tags) && json.tags.every((t) => typeof t === 'string'))) {
        throw new CertificationError('REGISTRY_ERROR', `${where}: expected "tags" to be a list of strings`);
      }
      tags.push(...((json.tags as string[] | null) ?? []));
      next = nextLink(firstHeader(res.headers.link), next);
      if (next && next.origin !== this.baseUrl.origin) {
        throw new CertificationError('REGISTRY_ERROR', `${where}: expected the next page on ${this.baseUrl.origin}, got ${next.origin}`);
      }
    }
    return tags;
  }

  /** The referrers API; `undefined` when the registry does not implement it (404/405/400). */
  async getReferrers(repository: string, digest: string, opts: GetManifestOptions): Promise<ManifestBytes | undefined> {
    const where = `referrers of ${this.registry}/${repository}@${digest}`;
    const res = await this.get(`/v2/${repository}/referrers/${digest}`, repository, { accept: MEDIA_TYPES.ociIndex, signal: opts.signal });
    if (res.status === 404 || res.status === 405 || res.status === 400) {
      res.body.resume();
      return undefined;
    }
    await expectOk(res, where);
    const bytes = await readBounded(res.body, opts.maxBytes, where);
    const mediaType = firstHeader(res.headers['content-type']);
    return { bytes, digest: digestOf(bytes), ...(mediaType ? { mediaType } : {}) };
  }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function nextLink(link: string | undefined, base: URL): URL | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]*)>\s*;\s*rel="?next"?/i.exec(part);
    if (m?.[1]) return new URL(m[1], base);
  }
  return undefined;
}

function unauthorized(registry: string, repository: string, got: string): CertificationError {
  return new CertificationError('UNAUTHORIZED', `${registry}/${repository}: expected access, got ${got}`, { registry, repository });
}

async function expectOk(res: HttpResponse, where: string): Promise<void> {
  if (res.status >= 200 && res.status < 300) return;
  let detail = '';
  try {
    const body = await readBounded(res.body, MAX_ERROR_BODY, where);
    const json = JSON.parse(body.toString('utf8')) as { errors?: Array<{ code?: string; message?: string }> };
    const first = json.errors?.[0];
    if (first) detail = ` (${[first.code, first.message].filter(Boolean).join(': ')})`;
  } catch {
    res.body.destroy();
  }
  if (res.status === 404) throw new CertificationError('NOT_FOUND', `${where}: expected it to exist, got 404${detail}`);
  if (res.status === 401 || res.status === 403) {
    throw new CertificationError('UNAUTHORIZED', `${where}: expected access, got ${res.status}${detail}`);
  }
  throw new CertificationError('REGISTRY_ERROR', `${where}: expected 2xx, got ${res.status}${detail}`, { status: res.status });
}

/** The `ImageSource` view of one repository. */
export class RegistrySource implements ImageSource {
  readonly name: string;
  readonly repository: string;
  readonly client: RegistryClient;
  private readonly reference: string | undefined;

  constructor(ref: Extract<ImageReference, { transport: 'docker' }>, opts: RegistryOptions = {}, name?: string) {
    this.client = new RegistryClient(ref.registry, opts);
    this.repository = ref.repository;
    this.reference = ref.digest ?? ref.tag ?? 'latest';
    this.name = name ?? `docker://${ref.registry}/${ref.repository}`;
  }

  getManifest(ref: string | undefined, opts: GetManifestOptions): Promise<ManifestBytes> {
    return this.client.getManifest(this.repository, ref ?? this.reference ?? 'latest', opts);
  }

  getBlob(descriptor: Descriptor, signal?: AbortSignal): Promise<AsyncIterable<Buffer>> {
    return this.client.getBlob(this.repository, descriptor, signal);
  }

  listTags(signal?: AbortSignal): Promise<string[]> {
    return this.client.listTags(this.repository, signal);
  }

  tagDigest(tag: string, opts: GetManifestOptions): Promise<string | undefined> {
    return this.client.tagDigest(this.repository, tag, opts);
  }

  getReferrers(digest: string, opts: GetManifestOptions): Promise<ManifestBytes | undefined> {
    return this.client.getReferrers(this.repository, digest, opts);
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
