import { crc32, deflateSync, gzipSync } from 'node:zlib';
import sharp from 'sharp';

/** Test material: real images made by sharp, and the hostile files the evidence module must refuse. */
export async function jpegWithExif(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'SecretPhoneMaker', Model: 'GPS-Leaky 9000', Artist: 'Nguyen Van A' } })
    .toBuffer();
}

export async function png(width = 40, height = 30): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 10, g: 120, b: 200 } } })
    .png()
    .toBuffer();
}

/** One PNG chunk: length, type, data, CRC of type + data. */
function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A PNG file written by hand from its header and compressed rows, so it may claim any size. */
function pngFile(ihdr: Buffer, idat: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A small file that claims a huge canvas: decoding it would take gigabytes. */
export function pixelBombPng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(100_000, 0);
  ihdr.writeUInt32BE(100_000, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return pngFile(ihdr, deflateSync(Buffer.alloc(100_001 * 50, 0)));
}

export function gzipBomb(): Buffer {
  return gzipSync(Buffer.alloc(50 * 1024 * 1024, 0), { level: 9 });
}

/** A JPEG with a ZIP archive glued after its end (opens as an image and as an archive). */
export async function jpegZipPolyglot(): Promise<Buffer> {
  const zipEnd = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(40, 1), Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18, 0)]);
  return Buffer.concat([await jpegWithExif(), zipEnd]);
}

export async function pngHtmlPolyglot(): Promise<Buffer> {
  return Buffer.concat([await png(), Buffer.from('<html><script>alert(1)</script></html>')]);
}

export async function truncatedJpeg(): Promise<Buffer> {
  const full = await sharp({ create: { width: 300, height: 300, channels: 3, background: { r: 1, g: 2, b: 3 } } })
    .jpeg({ quality: 95 })
    .toBuffer();
  return full.subarray(0, Math.floor(full.length / 2));
}

/** A PNG whose header claims width × height but that carries two rows of pixels: costs nothing to make, fails fast to decode. */
export function pixelClaimPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2; // RGB
  return pngFile(ihdr, deflateSync(Buffer.alloc((width * 3 + 1) * 2, 0)));
}
