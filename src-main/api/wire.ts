/**
 * JSON encoding of API values for browser mode: typed arrays travel as base64 of their bytes,
 * not as JSON arrays of numbers. Pure code, shared by the web transport and the renderer.
 */
const TAG = '$f64';

type Encoded = { [TAG]: string };

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Float64Array
      ? ({ [TAG]: toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) } satisfies Encoded)
      : v,
  );
}

export function decodeWire(text: string): unknown {
  // A reviver costs a call per value: skip it for the replies that carry no typed array (most).
  if (!text.includes(`"${TAG}"`)) return JSON.parse(text);
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && TAG in v && typeof (v as Encoded)[TAG] === 'string') {
      const bytes = fromBase64((v as Encoded)[TAG]);
      return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
    }
    return v;
  });
}
