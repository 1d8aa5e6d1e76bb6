import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { CertificationError, isCertificationError } from '../../errors';
import { assertAddressAllowed, guardedLookup, type SsrfGuardOptions } from './ssrf';

export interface HttpClientOptions {
  /** Time allowed to connect and receive response headers, and the longest silence inside a body. */
  timeoutMs?: number;
  /** Extra attempts after a 429, a 5xx or a network error. */
  retries?: number;
  retryBaseMs?: number;
  /** Upper bound for one backoff wait, including a server's Retry-After. */
  maxRetryDelayMs?: number;
  maxRedirects?: number;
  ssrfGuard?: SsrfGuardOptions;
  userAgent?: string;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The URL that finally answered, after redirects. */
  url: URL;
  body: IncomingMessage;
}

export interface HttpRequestInit {
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
const RETRY_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNABORTED']);

export class HttpClient {
  readonly opts: Required<Omit<HttpClientOptions, 'ssrfGuard'>> & { ssrfGuard?: SsrfGuardOptions };
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(opts: HttpClientOptions = {}) {
    this.opts = {
      timeoutMs: opts.timeoutMs ?? 30_000,
      retries: opts.retries ?? 3,
      retryBaseMs: opts.retryBaseMs ?? 250,
      maxRetryDelayMs: opts.maxRetryDelayMs ?? 10_000,
      maxRedirects: opts.maxRedirects ?? 5,
      userAgent: opts.userAgent ?? 'assay',
      ...(opts.ssrfGuard ? { ssrfGuard: opts.ssrfGuard } : {}),
    };
    const lookup = guardedLookup(opts.ssrfGuard);
    this.httpAgent = new http.Agent({ keepAlive: true, lookup });
    this.httpsAgent = new https.Agent({ keepAlive: true, lookup });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  /** GET with retries and redirects. Non-2xx answers are returned (body unread), not thrown. */
  async request(url: URL, init: HttpRequestInit = {}): Promise<HttpResponse> {
    let attempt = 0;
    for (;;) {
      init.signal?.throwIfAborted();
      let res: HttpResponse;
      try {
        res = await this.followRedirects(url, init);
      } catch (e) {
        if (attempt < this.opts.retries && isRetryableError(e) && !init.signal?.aborted) {
          await this.backoff(attempt++, undefined, init.signal);
          continue;
        }
        throw toCertificationError(e, url, init.signal);
      }
      if (RETRY_STATUS.has(res.status) && attempt < this.opts.retries) {
        res.body.resume();
        await this.backoff(attempt++, res.headers['retry-after'], init.signal);
        continue;
      }
      return res;
    }
  }

  private async backoff(attempt: number, retryAfter: string | undefined, signal?: AbortSignal): Promise<void> {
    const exponential = this.opts.retryBaseMs * 2 ** attempt;
    const jitter = Math.random() * this.opts.retryBaseMs;
    const serverWait = parseRetryAfter(retryAfter);
    const wait = Math.min(this.opts.maxRetryDelayMs, serverWait ?? exponential + jitter);
    await sleep(wait, signal);
  }

  private async followRedirects(start: URL, init: HttpRequestInit): Promise<HttpResponse> {
    let url = start;
    let headers = { ...(init.headers ?? {}) };
    for (let hop = 0; ; hop++) {
      const res = await this.once(url, { ...init, headers });
      if (!REDIRECT_STATUS.has(res.status) || !res.headers.location) return res;
      res.body.resume();
      if (hop >= this.opts.maxRedirects) {
        throw new CertificationError('REGISTRY_ERROR', `${start.href}: expected at most ${this.opts.maxRedirects} redirects, got more`);
      }
      const next = new URL(res.headers.location, url);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new CertificationError('REGISTRY_ERROR', `${url.href}: expected a redirect to http(s), got ${next.protocol}`);
      }
      if (url.protocol === 'https:' && next.protocol === 'http:') {
        throw new CertificationError('REGISTRY_ERROR', `${url.href}: refusing a redirect from https to plain http (${next.host})`);
      }
      // Blob storage (S3, GCS) rejects our registry credentials, and they must not leak there.
      if (next.host !== url.host) {
        headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'));
      }
      url = next;
    }
  }

  private once(url: URL, init: HttpRequestInit): Promise<HttpResponse> {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // Node does not call `lookup` for IP literals, so check them here.
    if (isIP(host)) assertAddressAllowed(host, host, this.opts.ssrfGuard);
    const isHttps = url.protocol === 'https:';
    const mod = isHttps ? https : http;
    return new Promise<HttpResponse>((resolve, reject) => {
      const req = mod.request(
        url,
        {
          method: init.method ?? 'GET',
          headers: { 'user-agent': this.opts.userAgent, ...(init.headers ?? {}) },
          agent: isHttps ? this.httpsAgent : this.httpAgent,
          signal: init.signal,
        },
        (res) => {
          clearTimeout(timer);
          // A stalled body is as bad as a stalled server.
          res.setTimeout(this.opts.timeoutMs, () =>
            res.destroy(new CertificationError('TIMEOUT', `${url.href}: expected data within ${this.opts.timeoutMs} ms, got silence`)),
          );
          resolve({ status: res.statusCode ?? 0, headers: res.headers, url, body: res });
        },
      );
      const timer = setTimeout(() => {
        req.destroy(Object.assign(new Error(`no response within ${this.opts.timeoutMs} ms`), { code: 'ASSAY_TIMEOUT' }));
      }, this.opts.timeoutMs);
      req.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      req.end();
    });
  }
}

function isRetryableError(e: unknown): boolean {
  if (isCertificationError(e)) return false;
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'ASSAY_TIMEOUT' || (code !== undefined && RETRY_NETWORK_CODES.has(code));
}

function toCertificationError(e: unknown, url: URL, signal?: AbortSignal): CertificationError {
  if (isCertificationError(e)) return e;
  if (signal?.aborted) return abortError(signal, url.href);
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ASSAY_TIMEOUT') {
    return new CertificationError('TIMEOUT', `${url.origin}: expected a response, got none (${err.message})`, { url: url.href });
  }
  return new CertificationError('NETWORK_ERROR', `${url.origin}: expected a connection, got ${err?.code ?? 'an error'} (${err?.message ?? String(e)})`, {
    url: url.href,
  });
}

export function abortError(signal: AbortSignal, where: string): CertificationError {
  const reason = signal.reason as { name?: string } | undefined;
  if (isCertificationError(reason)) return reason;
  if (reason?.name === 'TimeoutError') return new CertificationError('TIMEOUT', `${where}: timed out`);
  return new CertificationError('ABORTED', `${where}: aborted`);
}

export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal, 'backoff'));
    const onAbort = () => {
      clearTimeout(t);
      reject(abortError(signal!, 'backoff'));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
