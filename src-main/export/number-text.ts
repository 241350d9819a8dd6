/**
 * A number as plain decimal text: the shortest text that reads back as the same double (what
 * `String(n)` gives), with any exponent written out, since "1e-7" is not a plain number to every
 * reader (spreadsheets in some locales, CSV type sniffers). Non-finite values stay `NaN`/`Infinity`.
 */
export function plainNumber(n: number): string {
  const text = String(n);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const negative = text.startsWith('-');
  const mantissa = text.slice(negative ? 1 : 0, e);
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  // Where the decimal point lands once the exponent is applied, counted in `digits`.
  const point = (dot < 0 ? mantissa.length : dot) + Number(text.slice(e + 1));
  let body: string;
  if (point <= 0) body = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) body = digits + '0'.repeat(point - digits.length);
  else body = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${body}` : body;
}
