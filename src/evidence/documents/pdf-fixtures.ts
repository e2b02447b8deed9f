import { deflateSync } from 'node:zlib';

/**
 * Test material: hand-written PDFs with a correct cross-reference table, the way hostile files
 * are made — every trick is spelled out in the object text, so a test shows exactly what is sent.
 */
export interface PdfSpec {
  /** Object bodies, object n = index + 1 (without "n 0 obj" / "endobj"). */
  objects: string[];
  /** Extra trailer entries, e.g. "/Info 5 0 R". */
  trailer?: string;
  /** Object numbers to put in one compressed object stream (PDF 1.5), with a cross-reference stream. */
  compressed?: number[];
}

export function buildPdf(spec: PdfSpec): Buffer {
  const compressed = new Set(spec.compressed ?? []);
  if (compressed.size > 0) return buildWithObjectStream(spec, compressed);
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]?.length ?? 0;
  const offsets: number[] = [];
  spec.objects.forEach((body, i) => {
    offsets.push(offset);
    const b = Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, 'latin1');
    parts.push(b);
    offset += b.length;
  });
  const xref = [`xref\n0 ${spec.objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${spec.objects.length + 1} /Root 1 0 R ${spec.trailer ?? ''} >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

/** Objects listed in `compressed` go into one FlateDecode object stream; the xref is a stream too. */
function buildWithObjectStream(spec: PdfSpec, compressed: Set<number>): Buffer {
  const n = spec.objects.length;
  const stmNum = n + 1;
  const xrefNum = n + 2;
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]?.length ?? 0;
  const entries: Array<[number, number, number]> = [[0, 0, 65535]];
  const inStream: Array<{ num: number; body: string }> = [];
  spec.objects.forEach((body, i) => {
    const num = i + 1;
    if (compressed.has(num)) {
      entries.push([2, stmNum, inStream.length]);
      inStream.push({ num, body });
      return;
    }
    entries.push([1, offset, 0]);
    const b = Buffer.from(`${num} 0 obj\n${body}\nendobj\n`, 'latin1');
    parts.push(b);
    offset += b.length;
  });
  let header = '';
  let data = '';
  for (const o of inStream) {
    header += `${o.num} ${data.length} `;
    data += `${o.body}\n`;
  }
  const raw = deflateSync(Buffer.from(header + data, 'latin1'));
  entries.push([1, offset, 0]);
  const stm = Buffer.concat([
    Buffer.from(
      `${stmNum} 0 obj\n<< /Type /ObjStm /N ${inStream.length} /First ${header.length} /Filter /FlateDecode /Length ${raw.length} >>\nstream\n`,
      'latin1',
    ),
    raw,
    Buffer.from('\nendstream\nendobj\n', 'latin1'),
  ]);
  parts.push(stm);
  offset += stm.length;
  entries.push([1, offset, 0]);
  const rows = Buffer.alloc(entries.length * 7);
  entries.forEach(([type, f2, f3], i) => {
    rows[i * 7] = type;
    rows.writeUInt32BE(f2, i * 7 + 1);
    rows.writeUInt16BE(f3, i * 7 + 5);
  });
  const xz = deflateSync(rows);
  parts.push(
    Buffer.from(
      `${xrefNum} 0 obj\n<< /Type /XRef /Size ${xrefNum + 1} /W [1 4 2] /Root 1 0 R ${spec.trailer ?? ''} /Filter /FlateDecode /Length ${xz.length} >>\nstream\n`,
      'latin1',
    ),
    xz,
    Buffer.from(`\nendstream\nendobj\nstartxref\n${offset}\n%%EOF\n`, 'latin1'),
  );
  return Buffer.concat(parts);
}

const content = (text: string) => {
  const s = `BT /F1 18 Tf 50 700 Td (${text}) Tj ET`;
  return `<< /Length ${s.length} >>\nstream\n${s}\nendstream`;
};

/** A one-page document: catalog 1, pages 2, page 3, content 4, font 5; more objects from 6. */
export function onePage(opts: { catalog?: string; page?: string; extra?: string[]; trailer?: string; text?: string; compressed?: number[] } = {}): Buffer {
  return buildPdf({
    objects: [
      `<< /Type /Catalog /Pages 2 0 R ${opts.catalog ?? ''} >>`,
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> ${opts.page ?? ''} >>`,
      content(opts.text ?? 'Evidence page'),
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
      ...(opts.extra ?? []),
    ],
    ...(opts.trailer ? { trailer: opts.trailer } : {}),
    ...(opts.compressed ? { compressed: opts.compressed } : {}),
  });
}

/** XMP naming the reporter, as a metadata stream. */
export function xmp(author: string): string {
  const x = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${author}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  return `<< /Type /Metadata /Subtype /XML /Length ${x.length} >>\nstream\n${x}\nendstream`;
}
