import { Check } from './fields';
import { useTranslation } from '../i18n';

/** The delimiters, each with its catalog key (`csv.delimiters.<key>`). */
const delimiters: { id: ',' | ';' | '\t' | '|'; key: 'comma' | 'semicolon' | 'tab' | 'bar' }[] = [
  { id: ',', key: 'comma' },
  { id: ';', key: 'semicolon' },
  { id: '\t', key: 'tab' },
  { id: '|', key: 'bar' },
];

export interface CsvChoices {
  delimiter: (typeof delimiters)[number]['id'];
  decimalComma: boolean;
  bom: boolean;
  protectFormulas: boolean;
}

export const noCsvOptions: CsvChoices = { delimiter: ',', decimalComma: false, bom: false, protectFormulas: true };

/** The CSV dialect: delimiter, decimal comma, byte order mark, formula protection. */
export function CsvOptions({ value: csv, onChange: setCsv }: { value: CsvChoices; onChange(v: CsvChoices): void }) {
  const { t } = useTranslation();
  return (
    <details className="csv-options" open>
      <summary>{t('csv.options')}</summary>
      <div className="form-grid">
        <label htmlFor="export-delimiter">{t('csv.delimiter')}</label>
        <select
          id="export-delimiter"
          value={csv.decimalComma && csv.delimiter === ',' ? ';' : csv.delimiter}
          onChange={(e) => setCsv({ ...csv, delimiter: e.target.value as typeof csv.delimiter })}
        >
          {delimiters.map((d) => (
            <option key={d.id} value={d.id} disabled={csv.decimalComma && d.id === ','}>
              {t(`csv.delimiters.${d.key}`)}
            </option>
          ))}
        </select>
        <Check
          label={t('csv.decimalComma')}
          checked={csv.decimalComma}
          onChange={(v) => setCsv({ ...csv, decimalComma: v })}
        />
        <Check label={t('csv.bom')} checked={csv.bom} onChange={(v) => setCsv({ ...csv, bom: v })} />
        <Check
          label={t('csv.protect')}
          checked={csv.protectFormulas}
          onChange={(v) => setCsv({ ...csv, protectFormulas: v })}
        />
      </div>
    </details>
  );
}
