// Writes small ustar archives byte by byte, so tests can build archives real tools refuse to make
// (members named `../x`, links pointing outside).
export interface TarMemberSpec {
  name: string;
  content?: Buffer | string;
  type?: 'file' | 'symlink' | 'hardlink' | 'directory';
  linkName?: string;
}

function octal(value: number, length: number): string {
  return `${value.toString(8).padStart(length - 1, '0')}\0`;
}

export function writeTar(members: TarMemberSpec[]): Buffer {
  const blocks: Buffer[] = [];
  for (const m of members) {
    const body = Buffer.from(m.content ?? '');
    const h = Buffer.alloc(512);
    h.write(m.name, 0, 100, 'utf8');
    h.write(octal(m.type === 'directory' ? 0o755 : 0o644, 8), 100, 'ascii');
    h.write(octal(0, 8), 108, 'ascii');
    h.write(octal(0, 8), 116, 'ascii');
    h.write(octal(m.type === 'file' || !m.type ? body.length : 0, 12), 124, 'ascii');
    h.write(octal(0, 12), 136, 'ascii');
    h.write(' '.repeat(8), 148, 'ascii');
    h.write({ file: '0', hardlink: '1', symlink: '2', directory: '5' }[m.type ?? 'file'], 156, 'ascii');
    if (m.linkName) h.write(m.linkName, 157, 100, 'utf8');
    h.write('ustar\u000000', 257, 'ascii');
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
    blocks.push(h);
    if ((m.type ?? 'file') === 'file' && body.length) {
      blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}
