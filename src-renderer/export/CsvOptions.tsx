import { Check } from './fields';

const delimiters: { id: ',' | ';' | '\t' | '|'; label: string }[] = [
  { id: ',', label: 'Comma ,' },
  { id: ';', label: 'Semicolon ;' },
  { id: '\t', label: 'Tab' },
  { id: '|', label: 'Bar |' },
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
  return (
    <details className="csv-options" open>
      <summary>CSV options</summary>
      <div className="form-grid">
        <label htmlFor="export-delimiter">Delimiter</label>
        <select
          id="export-delimiter"
          value={csv.decimalComma && csv.delimiter === ',' ? ';' : csv.delimiter}
          onChange={(e) => setCsv({ ...csv, delimiter: e.target.value as typeof csv.delimiter })}
        >
          {delimiters.map((d) => (
            <option key={d.id} value={d.id} disabled={csv.decimalComma && d.id === ','}>
              {d.label}
            </option>
          ))}
        </select>
        <Check
          label="Decimal comma (1,5)"
          checked={csv.decimalComma}
          onChange={(v) => setCsv({ ...csv, decimalComma: v })}
        />
        <Check label="Byte order mark (for Excel)" checked={csv.bom} onChange={(v) => setCsv({ ...csv, bom: v })} />
        <Check
          label="Protect against spreadsheet formulas"
          checked={csv.protectFormulas}
          onChange={(v) => setCsv({ ...csv, protectFormulas: v })}
        />
      </div>
    </details>
  );
}
