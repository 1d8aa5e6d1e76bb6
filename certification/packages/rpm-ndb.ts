import { CertificationError } from '../errors';

// rpm's NDB backend (SUSE, `Packages.db`): a slot table in the first pages, each slot pointing at a
// blob of 16-byte blocks holding one header. Little-endian throughout.

const HEADER_MAGIC = 0x506d7052; // "RpmP"
const SLOT_MAGIC = 0x746f6c53; // "Slot"
const BLOB_MAGIC = 0x53626c42; // "BlbS"
const PAGE_SIZE = 4096;
const BLOCK = 16;

/** Header blobs of an NDB Packages.db, in slot order. */
export function* rpmNdbBlobs(file: Buffer, where: string): Generator<Buffer> {
  const invalid = (message: string) => new CertificationError('PACKAGE_DB_INVALID', `${where}: ${message}`, { path: where });
  if (file.length < 32 || file.readUInt32LE(0) !== HEADER_MAGIC) {
    throw invalid(`expected an NDB database (magic "RpmP"), got ${JSON.stringify(file.toString('latin1', 0, Math.min(4, file.length)))}`);
  }
  const version = file.readUInt32LE(4);
  if (version !== 0) throw new CertificationError('PACKAGE_DB_UNSUPPORTED', `${where}: expected NDB version 0, got ${version}`, { path: where });
  const slotPages = file.readUInt32LE(12);
  if (slotPages < 1 || slotPages * PAGE_SIZE > file.length) throw invalid(`expected 1..${Math.floor(file.length / PAGE_SIZE)} slot pages, got ${slotPages}`);
  // The file header takes the first two slots of the first page.
  for (let at = 32; at < slotPages * PAGE_SIZE; at += BLOCK) {
    if (file.readUInt32LE(at) !== SLOT_MAGIC) throw invalid(`slot at ${at}: expected magic "Slot"`);
    const pkgIndex = file.readUInt32LE(at + 4);
    if (pkgIndex === 0) continue;
    const offset = file.readUInt32LE(at + 8) * BLOCK;
    const blocks = file.readUInt32LE(at + 12);
    if (offset + 16 > file.length || offset + blocks * BLOCK > file.length) throw invalid(`package ${pkgIndex}: blob at ${offset} (${blocks} blocks) is outside the file`);
    if (file.readUInt32LE(offset) !== BLOB_MAGIC) throw invalid(`package ${pkgIndex}: expected blob magic "BlbS" at ${offset}`);
    if (file.readUInt32LE(offset + 4) !== pkgIndex) throw invalid(`package ${pkgIndex}: blob at ${offset} belongs to package ${file.readUInt32LE(offset + 4)}`);
    const length = file.readUInt32LE(offset + 12);
    if (16 + length > blocks * BLOCK) throw invalid(`package ${pkgIndex}: blob length ${length} exceeds its ${blocks} blocks`);
    yield file.subarray(offset + 16, offset + 16 + length);
  }
}
