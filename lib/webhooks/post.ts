import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { assertAddressAllowed, guardedLookup, type SsrfGuardOptions } from '@/certification/image/sources/ssrf';

// One POST to a vendor's endpoint. Vendors choose the URL, so the connection goes only to public
// addresses (checked after DNS resolution, on the address actually used) unless allow-listed.

export interface PostResult {
  status: number;
}

export function postJson(url: string, body: string, headers: Record<string, string>, opts: { timeoutMs: number; guard: SsrfGuardOptions }): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    try {
      if (isIP(host)) assertAddressAllowed(host, host, opts.guard);
    } catch (e) {
      reject(e);
      return;
    }
    const client = target.protocol === 'https:' ? https : http;
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(opts.guard),
        timeout: opts.timeoutMs,
      },
      (res) => {
        // Only the status matters; the answer is read and dropped so the socket is released.
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })));
    req.on('error', reject);
    req.end(body);
  });
}
