import type { AppInfo } from '../../src-main/api/contract';
import type { ViewerState } from '../viewer/viewState';
import { ExportDialog } from './ExportDialog';
import { requestExport, useExportRequest } from './exportRequests';
import { useTranslation } from '../i18n';

/** Mounted once by App: shows the export dialog whenever something asks for it. */
export function ExportHost({ info }: { info: AppInfo }) {
  const [request, close] = useExportRequest();
  return request ? <ExportDialog info={info} request={request} onClose={close} /> : null;
}

/** Chart toolbar: export the charted streams over the visible range, times in the chart's zone. */
export function ChartExportButton({ viewer, zone }: { viewer: ViewerState; zone: string | undefined }) {
  const { t } = useTranslation();
  const keys = [...new Set(viewer.toSpec()?.charts.flatMap((c) => c.streamKeys) ?? [])];
  const timeZone = viewer.timeZone === 'source' ? (zone ?? 'UTC') : viewer.timeZone;
  return (
    <button
      disabled={keys.length === 0 || !viewer.range}
      title={t('export.chartTitle')}
      onClick={() => requestExport({ title: t('export.currentView'), streamKeys: keys, range: viewer.range, timeZone })}
    >
      {t('export.open')}
    </button>
  );
}

/**
 * Tree: export the chosen stream, or every stream of the chosen source or account, all data. Until
 * the user picks a row it is disabled (it never falls back to the first account), and its words say
 * it exports the selection, unlike the chart toolbar's Export… of the current view.
 */
export function TreeExportButton({ label, streamKeys }: { label: string | null; streamKeys: string[] }) {
  const { t } = useTranslation();
  return (
    <button
      disabled={streamKeys.length === 0}
      title={label ? t('export.title', { what: label }) : t('export.selectFirst')}
      aria-label={t('export.selection')}
      onClick={() => label && requestExport({ title: label, streamKeys, range: null, timeZone: 'UTC' })}
    >
      {t('export.open')}
    </button>
  );
}
