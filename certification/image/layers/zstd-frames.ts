import { CertificationError } from '../../errors';

const BLOCK_MAX = 128 * 1024;

type State = 'magic' | 'frame-header' | 'skippable-size' | 'skip' | 'block-header' | 'block-body' | 'checksum';

/**
 * Walks the frame and block structure of a zstd stream without decoding it, so that a hostile
 * window size is refused before fzstd allocates it, and so that the caller can feed the decoder
 * one block at a time (a run-length block of 4 bytes inflates to 128 KiB; a chunk of them must
 * not be decoded in one go).
 */
export class ZstdFrameScanner {
  private state: State = 'magic';
  private readonly pending = new Uint8Array(18);
  private have = 0;
  private need = 4;
  private skip = 0;
  private lastBlock = false;
  private checksum = false;
  private offset = 0;

  constructor(
    private readonly where: string,
    private readonly maxWindow: number,
  ) {}

  /** Scans `chunk`; returns the offsets within it just after each complete block. */
  push(chunk: Uint8Array): number[] {
    const ends: number[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 'skip' || this.state === 'block-body') {
        const n = Math.min(this.skip, chunk.length - i);
        i += n;
        this.skip -= n;
        if (this.skip === 0) {
          this.afterBody();
          ends.push(i);
        }
        continue;
      }
      const n = Math.min(this.need - this.have, chunk.length - i);
      this.pending.set(chunk.subarray(i, i + n), this.have);
      this.have += n;
      i += n;
      if (this.have === this.need) this.onField();
      if (this.state === 'magic' && this.have === 0 && ends[ends.length - 1] !== i) ends.push(i);
    }
    this.offset += chunk.length;
    return ends;
  }

  end(): void {
    if (this.state !== 'magic' || this.have !== 0) {
      throw new CertificationError(
        'LAYER_INVALID',
        `${this.where}: zstd stream is truncated (expected the rest of the frame, got end of data after ${this.offset} bytes)`,
      );
    }
  }

  private field(state: State, need: number): void {
    this.state = state;
    this.need = need;
    this.have = 0;
  }

  private afterBody(): void {
    if (this.state === 'skip') return this.field('magic', 4);
    if (!this.lastBlock) return this.field('block-header', 3);
    if (this.checksum) return this.field('checksum', 4);
    this.field('magic', 4);
  }

  private invalid(expected: string, got: string): CertificationError {
    return new CertificationError('LAYER_INVALID', `${this.where}: expected ${expected}, got ${got} (near byte ${this.offset})`);
  }

  private onField(): void {
    const p = this.pending;
    switch (this.state) {
      case 'magic': {
        const magic = (p[0]! | (p[1]! << 8) | (p[2]! << 16) | (p[3]! << 24)) >>> 0;
        if (magic === 0xfd2fb528) return this.field('frame-header', 1);
        if ((magic & 0xfffffff0) === 0x184d2a50) return this.field('skippable-size', 4);
        throw this.invalid('a zstd frame magic number', `0x${magic.toString(16)}`);
      }
      case 'frame-header': {
        const fhd = p[0]!;
        if (fhd & 0x08) throw this.invalid('a frame header with the reserved bit clear', `0x${fhd.toString(16)}`);
        const singleSegment = (fhd >> 5) & 1;
        const fcsFlag = fhd >> 6;
        const dictBytes = [0, 1, 2, 4][fhd & 3]!;
        const fcsBytes = fcsFlag === 0 ? singleSegment : 1 << fcsFlag;
        const total = 1 + (singleSegment ? 0 : 1) + dictBytes + fcsBytes;
        if (this.need < total) {
          this.need = total;
          return;
        }
        let window: number;
        if (singleSegment) {
          window = readLE(p, 1 + dictBytes, fcsBytes) + (fcsFlag === 1 ? 256 : 0);
        } else {
          const wd = p[1]!;
          const base = 2 ** (10 + (wd >> 3));
          window = base + (base / 8) * (wd & 7);
        }
        if (window > this.maxWindow) {
          throw new CertificationError(
            'LAYER_INVALID',
            `${this.where}: zstd frame asks for a ${window}-byte window, expected at most ${this.maxWindow}`,
          );
        }
        this.checksum = ((fhd >> 2) & 1) === 1;
        this.lastBlock = false;
        return this.field('block-header', 3);
      }
      case 'skippable-size':
        this.skip = readLE(p, 0, 4);
        this.field('skip', 0);
        if (this.skip === 0) this.field('magic', 4);
        return;
      case 'block-header': {
        const h = p[0]! | (p[1]! << 8) | (p[2]! << 16);
        this.lastBlock = (h & 1) === 1;
        const type = (h >> 1) & 3;
        const size = h >>> 3;
        if (type === 3) throw this.invalid('a zstd block type 0-2', 'the reserved type 3');
        if (size > BLOCK_MAX) throw this.invalid(`a block of at most ${BLOCK_MAX} bytes`, `${size}`);
        this.skip = type === 1 ? 1 : size;
        this.field('block-body', 0);
        if (this.skip === 0) this.afterBody();
        return;
      }
      case 'checksum':
        return this.field('magic', 4);
      default:
        return;
    }
  }
}

function readLE(p: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let k = n - 1; k >= 0; k--) v = v * 256 + p[at + k]!;
  return v;
}
