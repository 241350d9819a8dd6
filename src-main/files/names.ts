/**
 * Names from a server are never trusted as paths: a vendor's file name (often a device path such as
 * `/sde/preview/20220629/x.osfz`, sometimes hostile like `../../etc/passwd`) becomes one safe file name.
 */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;
/** File systems allow 255 bytes per name; this leaves room for a `-<id>` suffix. */
const MAX_NAME_BYTES = 200;

export function safeFileName(vendorName: string, fallback = 'file'): string {
  const last =
    vendorName
      .split(/[/\\]/)
      .filter((s) => s !== '' && s !== '.' && s !== '..')
      .pop() ?? '';
  let name = last
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name =
      truncateBytes(name.slice(0, name.length - ext.length), MAX_NAME_BYTES - Buffer.byteLength(ext)).replace(
        /[.\s]+$/,
        '',
      ) + ext;
  }
  return name || fallback;
}

/** The longest prefix of whole characters (never half a surrogate pair) within `max` UTF-8 bytes. */
function truncateBytes(text: string, max: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    bytes += Buffer.byteLength(ch);
    if (bytes > max) break;
    out += ch;
  }
  return out;
}

/** `name.ext` → `name-<suffix>.ext`: a second file of the same name from another folder of the device. */
export function withSuffix(name: string, suffix: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}-${suffix}${name.slice(dot)}` : `${name}-${suffix}`;
}
