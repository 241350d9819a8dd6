import { basename } from 'node:path';
import { importOsfFile, type OsfImportOptions } from '../osf/import';
import { inspectOsf, type ChannelSummary } from '../osf/inspect';
import type { Db } from '../store/db';
import { existingFile, options, UsageError, withWorkspace, type Command } from './args';
import { n, t } from './i18n';

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
      out(t('osf.already', { file: basename(file), sha: r.sha256.slice(0, 12) }));
      continue;
    }
    const notes = [
      r.pointsIgnored > 0 ? t('osf.ignored', { count: r.pointsIgnored }) : '',
      r.truncated ? t('osf.cutOff') : '',
      r.warnings.length > 0 ? t('osf.warnings', { count: r.warnings.length }) : '',
    ].filter(Boolean);
    const summary = t('osf.imported', {
      file: basename(file),
      source: r.source,
      streams: r.streams,
      count: r.pointsAdded,
      formatted: n(r.pointsAdded),
    });
    out(`${summary}${notes.length ? `; ${notes.join('; ')}` : ''}`);
    for (const w of r.warnings) out(`  ${w}`);
  }
}

export const osfCommand: Command = {
  get help() {
    return t('osf.help');
  },
  async run(args, ctx) {
    const [sub, ...rest] = args;
    const { positionals } = options(rest, {}, true);
    if (sub === 'inspect') {
      if (positionals.length !== 1) throw new UsageError(t('osf.inspectOne'));
      await osfInspectCommand(await existingFile(positionals[0]), ctx.out);
      return 0;
    }
    if (sub === 'import') {
      if (positionals.length === 0) throw new UsageError(t('osf.importNeedsFile'));
      for (const file of positionals) await existingFile(file);
      return withWorkspace(ctx, async (ws) => {
        await osfImportCommand(ws.db, positionals, ctx.out);
        ws.events.emit('store:changed', { reason: 'osf import' });
        return 0;
      });
    }
    throw new UsageError(sub ? t('osf.unknownSub', { sub }) : t('osf.needsSub'));
  },
};
