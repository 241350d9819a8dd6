import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Serves `bytes` honouring a single `Range: bytes=a-b | a- | -n` (206 with Content-Range; 416 when
 * unsatisfiable; several ranges or a malformed header → the whole body, as most servers do).
 */
export function sendBytesWithRange(
  req: IncomingMessage,
  res: ServerResponse,
  bytes: Buffer,
  headers: Record<string, string>,
): void {
  const total = bytes.length;
  const common = { ...headers, 'Accept-Ranges': 'bytes' };
  const m = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range?.trim() ?? '');
  if (!m || (m[1] === '' && m[2] === '')) {
    res.writeHead(200, { ...common, 'Content-Length': String(total) });
    return void res.end(bytes);
  }
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, total - Number(m[2]));
    end = total - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? total - 1 : Math.min(Number(m[2]), total - 1);
  }
  if (start >= total || start > end) {
    res.writeHead(416, { ...common, 'Content-Range': `bytes */${total}`, 'Content-Length': '0' });
    return void res.end();
  }
  res.writeHead(206, {
    ...common,
    'Content-Range': `bytes ${start}-${end}/${total}`,
    'Content-Length': String(end - start + 1),
  });
  res.end(bytes.subarray(start, end + 1));
}
