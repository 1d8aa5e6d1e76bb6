import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { inflateRawSync, inflateSync } from 'node:zlib';

// openpgp.js 6 skips version 3 signature packets, yet GnuPG still verifies them and containers/image
// has fixtures signed that way. This reads just enough of an OpenPGP message (compressed, literal and
// signature packets) to verify a v3 RSA signature with Node's crypto.
export interface V3Signature {
  sigType: number;
  created: Date;
  /** Issuer key id, upper-case hex. */
  keyId: string;
  publicKeyAlgorithm: number;
  hashAlgorithm: number;
  hashedTrailer: Buffer;
  mpi: Buffer;
}

export interface ParsedMessage {
  literal?: Buffer;
  signatures: V3Signature[];
  /** Versions of signature packets seen (v3 ones are in `signatures`). */
  signatureVersions: number[];
  tags: number[];
}

const HASHES: Record<number, string> = { 2: 'sha1', 8: 'sha256', 9: 'sha384', 10: 'sha512', 11: 'sha224' };

interface Packet {
  tag: number;
  body: Buffer;
}

function readPackets(buf: Buffer): Packet[] {
  const packets: Packet[] = [];
  let p = 0;
  while (p < buf.length) {
    const ctb = buf[p++];
    if (!(ctb & 0x80)) throw new Error(`expected an OpenPGP packet header at byte ${p - 1}, got 0x${ctb.toString(16)}`);
    if (ctb & 0x40) {
      const tag = ctb & 0x3f;
      const chunks: Buffer[] = [];
      for (;;) {
        const o = buf[p++];
        let len: number;
        let partial = false;
        if (o === undefined) throw new Error('truncated packet length');
        if (o < 192) len = o;
        else if (o < 224) len = ((o - 192) << 8) + buf[p++] + 192;
        else if (o === 255) {
          len = buf.readUInt32BE(p);
          p += 4;
        } else {
          len = 1 << (o & 0x1f);
          partial = true;
        }
        if (p + len > buf.length) throw new Error('truncated packet');
        chunks.push(buf.subarray(p, p + len));
        p += len;
        if (!partial) break;
      }
      packets.push({ tag, body: Buffer.concat(chunks) });
    } else {
      const tag = (ctb >> 2) & 0x0f;
      const lt = ctb & 3;
      let len: number;
      if (lt === 0) len = buf[p++];
      else if (lt === 1) {
        len = buf.readUInt16BE(p);
        p += 2;
      } else if (lt === 2) {
        len = buf.readUInt32BE(p);
        p += 4;
      } else len = buf.length - p;
      if (p + len > buf.length) throw new Error('truncated packet');
      packets.push({ tag, body: buf.subarray(p, p + len) });
      p += len;
    }
  }
  return packets;
}

function decompress(body: Buffer): Buffer {
  const algo = body[0];
  const data = body.subarray(1);
  // The output is bounded: a signature payload is small, and a bomb must not exhaust memory.
  const opts = { maxOutputLength: 4 * 1024 * 1024 };
  if (algo === 0) return data;
  if (algo === 1) return inflateRawSync(data, opts);
  if (algo === 2) return inflateSync(data, opts);
  throw new Error(`unsupported compression algorithm ${algo}`);
}

export function parseOpenPgpMessage(bytes: Buffer): ParsedMessage {
  const out: ParsedMessage = { signatures: [], signatureVersions: [], tags: [] };
  const walk = (buf: Buffer, depth: number) => {
    for (const { tag, body } of readPackets(buf)) {
      out.tags.push(tag);
      if (tag === 8) {
        if (depth > 2) throw new Error('nested compressed packets');
        walk(decompress(body), depth + 1);
      } else if (tag === 11) {
        const nameLen = body[1];
        out.literal = body.subarray(2 + nameLen + 4);
      } else if (tag === 2) {
        out.signatureVersions.push(body[0]);
        if (body[0] === 3 && body[1] === 5) {
          out.signatures.push({
            sigType: body[2],
            created: new Date(body.readUInt32BE(3) * 1000),
            keyId: body.subarray(7, 15).toString('hex').toUpperCase(),
            publicKeyAlgorithm: body[15],
            hashAlgorithm: body[16],
            hashedTrailer: body.subarray(2, 7),
            mpi: body.subarray(19),
          });
        }
      }
    }
  };
  walk(bytes, 0);
  return out;
}

/** Verifies a v3 RSA signature over binary literal data with the RSA public parameters n, e. */
export function verifyV3Rsa(sig: V3Signature, literal: Buffer, n: Uint8Array, e: Uint8Array): boolean {
  const hash = HASHES[sig.hashAlgorithm];
  if (!hash || sig.publicKeyAlgorithm !== 1 || sig.sigType !== 0) return false;
  const bits = sig.mpi.readUInt16BE(0);
  const raw = sig.mpi.subarray(2, 2 + Math.ceil(bits / 8));
  const modulusBytes = n.length - (n[0] === 0 ? 1 : 0);
  const signature = Buffer.alloc(Math.max(modulusBytes, raw.length));
  raw.copy(signature, signature.length - raw.length);
  const key = createPublicKey({
    key: { kty: 'RSA', n: Buffer.from(n).toString('base64url'), e: Buffer.from(e).toString('base64url') },
    format: 'jwk',
  });
  return cryptoVerify(hash, Buffer.concat([literal, sig.hashedTrailer]), key, signature);
}
