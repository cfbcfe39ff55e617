import { constants, deflateRawSync } from 'node:zlib';

/** Hand-written ZIP archives for the XLSX attack tests: headers that say what an attacker wants. */

/** A raw deflate stream that inflates to `copies` × `block`: the block is compressed once and its bytes repeated. */
export function deflateBomb(block: Buffer, copies: number): Buffer {
  // A sync flush ends the compressor's output on a byte boundary without a final block, so copies can be chained.
  const piece = deflateRawSync(block, { finishFlush: constants.Z_SYNC_FLUSH });
  return Buffer.concat([...Array.from({ length: copies }, () => piece), deflateRawSync(Buffer.alloc(0))]);
}

export interface TestEntry {
  name: string;
  /** Deflated bytes. */
  data: Buffer;
  /** What the headers claim it unpacks to. */
  declaredSize: number;
}

export const deflated = (name: string, text: string): TestEntry => ({
  name,
  data: deflateRawSync(Buffer.from(text)),
  declaredSize: Buffer.byteLength(text),
});

/** A ZIP archive written by hand, so its headers can say what an attacker wants (CRC left 0: nothing checks it). */
export function zipOf(entries: TestEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
