/**
 * Browser mode: the page cannot hand main a path, so an opened file's bytes are uploaded first
 * (`POST /api/upload`, streamed from disk by the browser) and main answers with where it put them.
 */
import { translate } from '../i18n';

/** The files Tributary opens. */
export const OSF_FILE = /\.osfz?$/i;

/** The per-launch token, as the API bridge (api.ts) keeps it for this tab. */
const token = () => sessionStorage.getItem('tributary-token') ?? '';

export async function uploadFile(file: File): Promise<string> {
  const res = await fetch('/api/upload', {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token()}`,
      'Content-Type': 'application/octet-stream',
      'X-File-Name': encodeURIComponent(file.name),
    },
    body: file,
  });
  if (!res.ok)
    throw new Error(`${file.name}: ${(await res.text()) || translate('osf.uploadFailed', { status: res.status })}`);
  return ((await res.json()) as { path: string }).path;
}
