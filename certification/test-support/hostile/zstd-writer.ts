// Hand-written zstd frames: fzstd cannot compress, and a run-length bomb is tiny and valid by hand.

const BLOCK = 128 * 1024;

function blockHeader(last: boolean, type: 0 | 1, size: number): Buffer {
  const h = (size << 3) | (type << 1) | (last ? 1 : 0);
  return Buffer.from([h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff]);
}

/**
 * One frame (128 KiB window, no checksum): `prefix` as raw blocks, then `zeros` bytes as
 * run-length blocks of 4 bytes each (128 KiB of output per 4 bytes of input).
 */
export function zstdRleFrame(prefix: Buffer, zeros: number): Buffer {
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3])];
  const total = Math.ceil(prefix.length / BLOCK) + Math.ceil(zeros / BLOCK);
  let written = 0;
  for (let i = 0; i < prefix.length; i += BLOCK) {
    const body = prefix.subarray(i, i + BLOCK);
    parts.push(blockHeader(++written === total, 0, body.length), body);
  }
  for (let left = zeros; left > 0; left -= BLOCK) {
    parts.push(blockHeader(++written === total, 1, Math.min(BLOCK, left)), Buffer.from([0]));
  }
  if (total === 0) parts.push(blockHeader(true, 0, 0));
  return Buffer.concat(parts);
}

export function zstdRleBomb(zeros: number): Buffer {
  return zstdRleFrame(Buffer.alloc(0), zeros);
}
