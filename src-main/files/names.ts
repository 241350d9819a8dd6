/**
 * Names from a server are never trusted as paths: a vendor's file name (often a device path such as
 * `/sde/preview/20220629/x.osfz`, sometimes hostile like `../../etc/passwd`) becomes one safe file name.
 */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

export function safeFileName(vendorName: string, fallback = 'file'): string {
  const last = vendorName.split(/[/\\]/).filter((s) => s !== '' && s !== '.' && s !== '..').pop() ?? '';
  let name = last
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  if (name.length > 180) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = name.slice(0, 180 - ext.length) + ext;
  }
  return name || fallback;
}

/** `name.ext` → `name-<suffix>.ext`: a second file of the same name from another folder of the device. */
export function withSuffix(name: string, suffix: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}-${suffix}${name.slice(dot)}` : `${name}-${suffix}`;
}
