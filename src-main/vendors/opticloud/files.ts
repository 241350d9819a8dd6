import { VendorError } from '../../http/errors';
import { redactMessage } from '../../http/redact';
import { said } from '../../model';
import type { FileStatusWord } from '../../model/capabilities';
import { parseWire } from '../common';
import type { FileOperations, RemoteFile } from '../connector';
import { dataFilesSchema, deviceCredentialsSchema } from './api';
import { filesFromDataFiles, filesFromFileListXml, mergeFileLists } from './map';
import { JSON_ACCEPT, allPages, type OpticloudSession } from './session';

/** The XML file list answers 406 unless Accept admits XML. */
const XML_ACCEPT = 'application/xml, text/xml;q=0.9, application/json;q=0.5';
/** A download token travels in a URL path: it must be one plain segment. */
const DOWNLOAD_TOKEN = /^[A-Za-z0-9._~+=-]{1,1024}$/;

/** Logger files of optiCLOUD devices (vendor-notes §2); a source is a device, `sourceRef` its id. */
export interface OpticloudFiles extends FileOperations {
  /** Queues LIST_FILES for the device's next call; its files then appear with status 1. */
  requestList(deviceId: string, fromIso: string, toIso: string, tag: string, signal?: AbortSignal): Promise<void>;
  /** A token for one file (an .osfz) or several (a ZIP). */
  requestDownloadToken(deviceId: string, names: readonly string[], signal?: AbortSignal): Promise<string>;
  downloadUrl(deviceId: string, token: string): string;
}

/** The file tag optiCLOUD's own examples ask devices to list. */
const LIST_TAG = 'preview';
/** Not documented; a ZIP of this many logger files stays a reasonable single download. */
const MAX_NAMES_PER_DOWNLOAD = 20;

const enc = encodeURIComponent;

/** The storage status of a device's file list (vendor-notes §2), in words. */
export const OPTICLOUD_FILE_STATUSES: FileStatusWord[] = [
  {
    code: 0,
    short: 'device only',
    long: 'only on the device',
    onServer: false,
    deviceOnly: true,
    requested: false,
  },
  {
    code: 1,
    short: 'requested',
    long: 'requested from the device',
    onServer: false,
    deviceOnly: false,
    requested: true,
  },
  { code: 2, short: 'server only', long: 'only on the server', onServer: true, deviceOnly: false, requested: false },
  {
    code: 3,
    short: 'device + server',
    long: 'on the device and the server',
    onServer: true,
    deviceOnly: false,
    requested: false,
  },
];

export function createOpticloudFiles(session: OpticloudSession): OpticloudFiles {
  async function serverFiles(
    deviceId: string,
    fromMs: number,
    toMs: number,
    signal?: AbortSignal,
  ): Promise<RemoteFile[]> {
    const items = await allPages(
      async (page) => {
        const res = await session.request({
          url: session.url(`/api/devices/${enc(deviceId)}/data-files/original`, {
            startTime: String(fromMs),
            endTime: String(toMs),
            limit: '-1',
            page: String(page),
          }),
          headers: { accept: JSON_ACCEPT },
          signal,
        });
        return parseWire(dataFilesSchema, res.json(), 'optiCLOUD data-files');
      },
      (item) => JSON.stringify(item),
    );
    return filesFromDataFiles(items, deviceId);
  }

  /** The device's own list (status 0–3); null when this user may not read device credentials (403). */
  async function listedFiles(
    deviceId: string,
    fromMs: number,
    toMs: number,
    signal?: AbortSignal,
  ): Promise<RemoteFile[] | null> {
    let credentialsId: string;
    try {
      const res = await session.request({
        url: session.url(`/api/device/${enc(deviceId)}/credentials`),
        headers: { accept: JSON_ACCEPT },
        signal,
      });
      credentialsId = parseWire(deviceCredentialsSchema, res.json(), 'optiCLOUD device credentials').credentialsId;
    } catch (err) {
      if (err instanceof VendorError && err.status === 403) return null;
      throw err;
    }
    const path = `/API/filelist/list/deviceid/${enc(credentialsId)}/StartTime/${Math.floor(fromMs / 1000)}/${Math.ceil(toMs / 1000)}`;
    try {
      const res = await session.request({
        url: session.url(path),
        headers: { accept: XML_ACCEPT },
        signal,
        maxBytes: 16 * 1024 * 1024,
      });
      return filesFromFileListXml(res.text(), deviceId);
    } catch (err) {
      if (err instanceof VendorError && err.status === 403) return null;
      // The path holds the device's access token: keep it out of the message.
      if (err instanceof VendorError)
        throw new VendorError(redactMessage(err.said, [credentialsId]), err.action, err.status, err.until);
      throw err;
    }
  }

  const downloadUrl = (deviceId: string, token: string) =>
    session.url(`/api/device/${enc(deviceId)}/data-files/CLIENT_SCOPE/token/${enc(token)}`).toString();

  async function requestList(
    deviceId: string,
    fromIso: string,
    toIso: string,
    tag: string,
    signal?: AbortSignal,
  ): Promise<void> {
    await session.request({
      method: 'POST',
      url: session.url(`/api/devices/${enc(deviceId)}/request-list`),
      headers: { 'content-type': 'application/json', accept: JSON_ACCEPT },
      body: JSON.stringify({ startTime: fromIso, endTime: toIso, tag }),
      signal,
    });
  }

  async function requestDownloadToken(
    deviceId: string,
    names: readonly string[],
    signal?: AbortSignal,
  ): Promise<string> {
    if (names.length === 0) throw new VendorError(said('vendors.opticloud.noNames'), 'fail-stream');
    const res = await session.request({
      method: 'POST',
      url: session.url(`/api/device/${enc(deviceId)}/data-files/CLIENT_SCOPE/download`),
      headers: { 'content-type': 'application/json', accept: 'text/plain, application/json' },
      body: JSON.stringify(names),
      signal,
    });
    const token = unquote(res.text().trim());
    if (!DOWNLOAD_TOKEN.test(token)) throw new VendorError(said('vendors.opticloud.notAToken'), 'fail-stream');
    return token;
  }

  return {
    async list(deviceId, fromMs, toMs, signal) {
      const onServer = await serverFiles(deviceId, fromMs, toMs, signal);
      return mergeFileLists(onServer, (await listedFiles(deviceId, fromMs, toMs, signal)) ?? []);
    },

    requestFromDevice: (deviceId, fromMs, toMs, signal) =>
      requestList(deviceId, new Date(fromMs).toISOString(), new Date(toMs).toISOString(), LIST_TAG, signal),

    /** Asks for a token, then the authenticated GET of the file (or ZIP) it names, for `http.stream`. */
    async downloadRequest(deviceId, names, signal) {
      const token = await requestDownloadToken(deviceId, names, signal);
      return session.authorize({
        url: downloadUrl(deviceId, token),
        headers: { accept: 'application/octet-stream, application/zip, */*' },
        signal,
      });
    },

    maxNamesPerRequest: MAX_NAMES_PER_DOWNLOAD,
    requestList,
    requestDownloadToken,
    downloadUrl,
  };
}

/** The token comes as bare text; a server that sends it as a JSON string is read the same. */
function unquote(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}
