/**
 * A minimal, valid PDF 1.4 of text lines: one A4 page, Helvetica (WinAnsi), a correct xref table.
 * Enough for a reader to open and for a client to verify what it downloaded.
 */

function pdfString(text: string): string {
  // WinAnsi covers Latin-1; anything else becomes '?'. Backslash and parentheses are escaped.
  return `(${[...text]
    .map((c) => (c.charCodeAt(0) > 255 ? '?' : c))
    .join('')
    .replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

export function textPdf(title: string, lines: string[], createdMs: number): Buffer {
  const stamp = new Date(createdMs).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const content = [
    'BT',
    '/F1 16 Tf 50 790 Td 18 TL',
    `${pdfString(title)} Tj`,
    '/F1 10 Tf 14 TL T*',
    ...lines.map((line) => `T* ${pdfString(line)} Tj`),
    'ET',
  ].join('\n');
  const contentBytes = Buffer.from(content, 'latin1');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${contentBytes.length} >>\nstream\n${content}\nendstream`,
    `<< /Title ${pdfString(title)} /Producer (OpenSense simulator) /CreationDate (D:${stamp}Z) >>`,
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    const chunk = Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, 'latin1');
    offsets.push(offset);
    parts.push(chunk);
    offset += chunk.length;
  });
  const xref = [
    `xref\n0 ${objects.length + 1}\n`,
    '0000000000 65535 f \n',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
  ].join('');
  const trailer = `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${offset}\n%%EOF\n`;
  parts.push(Buffer.from(xref + trailer, 'latin1'));
  return Buffer.concat(parts);
}
