import { basename } from 'node:path';
import { importOsfFile, type OsfImportOptions } from '../osf/import';
import { inspectOsf, type ChannelSummary } from '../osf/inspect';
import type { Db } from '../store/db';
import { existingFile, options, UsageError, withWorkspace, type Command } from './args';

type Out = (line: string) => void;

/** ns since the epoch → RFC 3339 UTC with nine fractional digits (OSF keeps nanoseconds). */
export function isoFromNs(ns: bigint): string {
  const ms = ns / 1_000_000n - (ns % 1_000_000n < 0n ? 1n : 0n);
  const subMs = ns - ms * 1_000_000n;
  const iso = new Date(Number(ms)).toISOString();
  return `${iso.slice(0, -1)}${subMs.toString().padStart(6, '0')}Z`;
}

const formatNumber = (v: number | null): string => (v === null ? '-' : String(Number(v.toPrecision(10))));

function channelLine(s: ChannelSummary): string {
  const c = s.channel;
  const events = Object.entries(s.events)
    .map(([kind, n]) => `${kind}=${n}`)
    .join(' ');
  return [
    String(c.index).padStart(5),
    c.name,
    `[${c.unit}]`,
    c.datatype || '?',
    `count=${s.count}`,
    `first=${s.firstNs === null ? '-' : isoFromNs(s.firstNs)}`,
    `last=${s.lastNs === null ? '-' : isoFromNs(s.lastNs)}`,
    `min=${formatNumber(s.min)}`,
    `max=${formatNumber(s.max)}`,
    ...(events ? [`events: ${events}`] : []),
  ].join('  ');
}

/** `tributary osf inspect FILE`: header, one line per channel, warnings, truncation. */
export async function osfInspectCommand(file: string, out: Out): Promise<void> {
  const r = await inspectOsf(file);
  const h = r.header;
  out(
    `file: ${basename(file)} (${h.magic}, ${h.metadataFormat === 'xml' ? `XML <${h.root}>` : 'JSON'}, ${r.compression === 'none' ? 'uncompressed' : r.compression})`,
  );
  out(`creator: ${h.creator || '-'}`);
  out(`created: ${h.createdUtc || '-'}`);
  out(`tag: ${h.tag || '-'}`);
  for (const info of h.infos) out(`info ${info.name}: ${info.value}${info.unit ? ` ${info.unit}` : ''}`);
  out(`channels: ${h.channels.length}`);
  for (const s of r.channels) out(channelLine(s));
  if (r.trailer)
    out(
      `trailer: ${Object.entries(r.trailer.attributes)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
  out(r.warnings.length === 0 ? 'warnings: none' : `warnings: ${r.warnings.length}`);
  for (const w of r.warnings) out(`  ${w}`);
  out(`truncated: ${r.truncated ? 'yes (read up to the last whole sample)' : 'no'}`);
}

/** `tributary osf import FILE...`: one summary line per file. */
export async function osfImportCommand(
  db: Db,
  files: string[],
  out: Out,
  options: OsfImportOptions = {},
): Promise<void> {
  for (const file of files) {
    const r = await importOsfFile(db, file, options);
    if (r.alreadyImported) {
      out(`${basename(file)}: already imported (sha256 ${r.sha256.slice(0, 12)}), nothing to do`);
      continue;
    }
    const notes = [
      r.pointsIgnored > 0 ? `${r.pointsIgnored} ignored (same microsecond as a stored point)` : '',
      r.truncated ? 'file cut off: read up to the last whole sample' : '',
      r.warnings.length > 0 ? `${r.warnings.length} warnings` : '',
    ].filter(Boolean);
    out(
      `${basename(file)}: source ${r.source}, ${r.streams} streams, ${r.pointsAdded} points added${notes.length ? `; ${notes.join('; ')}` : ''}`,
    );
    for (const w of r.warnings) out(`  ${w}`);
  }
}

export const osfCommand: Command = {
  help: `Usage:
  tributary osf inspect FILE      header, channels (unit, type, count, first/last time, min/max), warnings
  tributary osf import FILE...    each channel becomes the stream osf/<file name>/<channel name>
Reads OSF4 and OSF5 logger files, plain (.osf) or compressed (.osfz); importing a file twice changes nothing.`,
  async run(args, ctx) {
    const [sub, ...rest] = args;
    const { positionals } = options(rest, {}, true);
    if (sub === 'inspect') {
      if (positionals.length !== 1) throw new UsageError('osf inspect takes one FILE.');
      await osfInspectCommand(await existingFile(positionals[0]), ctx.out);
      return 0;
    }
    if (sub === 'import') {
      if (positionals.length === 0) throw new UsageError('osf import needs at least one FILE.');
      for (const file of positionals) await existingFile(file);
      return withWorkspace(ctx, async (ws) => {
        await osfImportCommand(ws.db, positionals, ctx.out);
        ws.events.emit('store:changed', { reason: 'osf import' });
        return 0;
      });
    }
    throw new UsageError(sub ? `Unknown osf command "${sub}".` : 'osf needs a sub-command: inspect or import.');
  },
};
