import { XMLParser } from 'fast-xml-parser';
import type { ByteReader } from './bytes';
import { OsfError, type OsfChannel, type OsfHeader, type OsfInfo } from './types';

const MAGIC_MAX = 64;
const METADATA_MAX = 256 * 1024 * 1024;
/** `OSF4 <n>` (the spec) or `OCEAN_STREAM_FORMAT4 <n>` (what smartCORE devices write). */
const MAGIC_LINE = /^(OSF|OCEAN_STREAM_FORMAT)(\d+) +(\d+)\r?$/;

type Attributes = Record<string, string>;

/** Reads the magic line and the metadata block; leaves the reader at the first binary block. */
export async function readHeader(reader: ByteReader): Promise<OsfHeader> {
  const { magic, version, length } = await readMagicLine(reader);
  if (!(await reader.ensure(length))) {
    throw new OsfError('bad-header', 'osf.headerCutOff', { length, present: reader.available });
  }
  const text = reader.buf.toString('utf8', reader.pos, reader.pos + length).replace(/\0+$/, '');
  reader.pos += length;
  const dataOffset = reader.offset;
  const trimmed = text.trimStart();
  if (trimmed.startsWith('<')) return { magic, version, dataOffset, ...headerFromXml(trimmed) };
  if (trimmed.startsWith('{')) return { magic, version, dataOffset, ...headerFromJson(trimmed) };
  throw new OsfError('bad-header', 'osf.headerNeither');
}

async function readMagicLine(reader: ByteReader): Promise<{ magic: string; version: 4 | 5; length: number }> {
  await reader.ensure(MAGIC_MAX);
  const window = reader.buf.subarray(reader.pos, reader.pos + MAGIC_MAX);
  const newline = window.indexOf(0x0a);
  const line = window.toString('latin1', 0, newline < 0 ? window.length : newline);
  const match = newline < 0 ? null : MAGIC_LINE.exec(line);
  if (!match) {
    throw new OsfError('not-osf', 'osf.notOsf');
  }
  const magic = `${match[1]}${match[2]}`;
  const version = Number(match[2]);
  if (version !== 4 && version !== 5) {
    throw new OsfError('unsupported-version', 'osf.oldVersion', { version, magic });
  }
  const length = Number(match[3]);
  if (length > METADATA_MAX) throw new OsfError('bad-header', 'osf.headerTooLarge', { length });
  reader.pos += newline + 1;
  return { magic, version, length };
}

type HeaderBody = Omit<OsfHeader, 'magic' | 'version' | 'dataOffset'>;

/** A parsed XML element or JSON object: scalar members are attributes, objects are children. */
type Node = Record<string, unknown>;

const isNode = (x: unknown): x is Node => typeof x === 'object' && x !== null && !Array.isArray(x);
const nodes = (x: unknown): Node[] => (Array.isArray(x) ? x : x === undefined ? [] : [x]).filter(isNode);

function attributesOf(node: Node): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(node)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}

export function parseXml(text: string): Node {
  // OSF headers never declare entities; refusing them rules out entity-expansion bombs.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new OsfError('bad-header', 'osf.doctype');
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    ignoreDeclaration: true,
  });
  try {
    return parser.parse(text, true) as Node;
  } catch (err) {
    throw new OsfError('bad-header', 'osf.badXml', { why: (err as Error).message });
  }
}

function headerFromXml(text: string): HeaderBody {
  const doc = parseXml(text);
  const rootName = Object.keys(doc).find((k) => isNode(doc[k]));
  if (!rootName) throw new OsfError('bad-header', 'osf.noRoot');
  const root = doc[rootName] as Node;
  const channelsNode = nodes(root.channels)[0] ?? {};
  // The spec's own example opens the list with <info> and closes it with </infos>; accept both.
  const infosNode = nodes(root.infos)[0] ?? nodes(root.info)[0] ?? {};
  return headerBody(rootName, attributesOf(root), nodes(channelsNode.channel), nodes(infosNode.info));
}

function headerFromJson(text: string): HeaderBody {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new OsfError('bad-header', 'osf.badJson', { why: (err as Error).message });
  }
  if (!isNode(doc)) throw new OsfError('bad-header', 'osf.jsonNotObject');
  const wrapped = isNode(doc.osf) ? doc.osf : isNode(doc.optimeas) ? doc.optimeas : doc;
  const channels = Array.isArray(wrapped.channels)
    ? nodes(wrapped.channels)
    : nodes(isNode(wrapped.channels) ? wrapped.channels.channel : undefined);
  const infos = wrapped.infos;
  const infoNodes = Array.isArray(infos)
    ? nodes(infos)
    : isNode(infos) && infos.info !== undefined
      ? nodes(infos.info)
      : isNode(infos)
        ? Object.entries(attributesOf(infos)).map(([name, value]) => ({ name, value }))
        : [];
  return { ...headerBody('json', attributesOf(wrapped), channels, infoNodes), metadataFormat: 'json' };
}

function headerBody(root: string, attributes: Attributes, channelNodes: Node[], infoNodes: Node[]): HeaderBody {
  const channels = channelNodes.map((n) => channelFromAttributes(attributesOf(n)));
  const seen = new Set<number>();
  for (const c of channels) {
    if (seen.has(c.index)) throw new OsfError('bad-header', 'osf.sharedIndex', { index: c.index });
    seen.add(c.index);
  }
  return {
    metadataFormat: 'xml',
    root,
    creator: attributes.creator ?? '',
    createdUtc: attributes.created_utc ?? '',
    tag: attributes.tag ?? '',
    namespaceSeparator: attributes.namespacesep || '.',
    attributes,
    channels: channels.sort((a, b) => a.index - b.index),
    infos: infoNodes.map((n) => infoFromAttributes(attributesOf(n))).filter((i): i is OsfInfo => i !== null),
  };
}

function integerAttribute(value: string | undefined, what: string): bigint {
  if (value === undefined || value.trim() === '') return 0n;
  const v = value.trim();
  if (/^-?\d+$/.test(v)) return BigInt(v);
  const n = Number(v);
  if (!Number.isFinite(n)) throw new OsfError('bad-header', 'osf.notANumber', { what, value });
  return BigInt(Math.round(n));
}

function numberAttribute(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  return Number.isFinite(n) ? n : fallback;
}

export function channelFromAttributes(a: Attributes): OsfChannel {
  const index = Number(a.index);
  if (!Number.isInteger(index) || index < 0 || index >= 0xffff) {
    throw new OsfError('bad-header', 'osf.badIndex', { index: a.index ?? '' });
  }
  const sizeOfLength = Number(a.sizeoflengthvalue ?? '2');
  if (sizeOfLength !== 2 && sizeOfLength !== 4) {
    throw new OsfError('bad-header', 'osf.badLengthSize', { index, size: a.sizeoflengthvalue ?? '' });
  }
  return {
    index,
    name: a.name ?? `channel ${index}`,
    datatype: (a.datatype ?? a.type ?? '').trim().toLowerCase(),
    unit: (a.physicalunit ?? '').trim(),
    sizeOfLength,
    timeIncrementNs: integerAttribute(a.timeincrement, 'timeincrement'),
    // Real files spell the scale "factor" (with "offset"); the spec says "scale".
    scale: numberAttribute(a.scale ?? a.factor, 1),
    offset: numberAttribute(a.offset, 0),
    attributes: a,
  };
}

function infoFromAttributes(a: Attributes): OsfInfo | null {
  if (a.name === undefined) return null;
  return {
    name: a.name,
    datatype: a.datatype ?? a.type ?? 'string',
    value: a.value ?? '',
    unit: (a.physicalunit ?? '').trim(),
  };
}
