import type { Dataset, FieldDef, OdsRow, OdsValue } from './datasets';

/**
 * The subset of ODSQL the simulator understands: `select` of plain fields, `where` as a conjunction of
 * `field <op> literal`, `order_by` of plain fields, `refine=field:value`. Anything else is an
 * ODSQLError, as a malformed query is on the real portal.
 */

export class OdsqlError extends Error {}

type Op = '>' | '>=' | '<' | '<=' | '=' | '!=';
interface Comparison {
  field: FieldDef;
  op: Op;
  literal: number | string;
}
export interface OrderKey {
  field: string;
  descending: boolean;
}
export interface Query {
  /** Time bounds of the dataset's datetime field (ms), [fromMs, toMs). */
  fromMs: number;
  toMs: number;
  /** Conditions that are not time bounds, checked row by row. */
  residual: (row: OdsRow) => boolean;
  hasResidual: boolean;
  select: string[];
  orderBy: OrderKey[];
}

const IDENT = '`[^`]+`|[A-Za-z_][A-Za-z0-9_]*';
const LITERAL = `date'[^']*'|"[^"]*"|'[^']*'|-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?`;
const COMPARISON = new RegExp(`^\\s*(${IDENT})\\s*(>=|<=|!=|=|>|<)\\s*(${LITERAL})\\s*$`, 'i');
const DATE_TEXT =
  /^(\d{4})(?:[-/](\d{2})(?:[-/](\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses the date forms ODSQL accepts; a date without offset is UTC (the default `timezone`). */
export function parseOdsDate(text: string): number | null {
  const m = DATE_TEXT.exec(text.trim());
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const base = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Math.floor(Number(`0${frac || '.0'}`) * 1000),
  );
  if (Number.isNaN(base)) return null;
  if (zone === 'Z') return base;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.replace(/[^0-9]/g, '');
  return base - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

function unquote(ident: string): string {
  return ident.startsWith('`') ? ident.slice(1, -1) : ident;
}

function fieldOf(dataset: Dataset, name: string, clause: string): FieldDef {
  const field = dataset.fields.find((f) => f.name === name);
  if (!field) {
    throw new OdsqlError(
      `ODSQL query is malformed: invalid_${clause} Clause(s) containing the following field(s) are invalid: ${name}. Please check that the field(s) exist.`,
    );
  }
  return field;
}

function literalValue(field: FieldDef, raw: string): number | string {
  if (raw.toLowerCase().startsWith("date'") || field.type === 'datetime') {
    const text = raw.replace(/^date/i, '').replace(/^['"]|['"]$/g, '');
    const ms = parseOdsDate(text);
    if (ms === null) throw new OdsqlError(`ODSQL query is malformed: invalid date literal ${raw}`);
    return ms;
  }
  if (/^["']/.test(raw)) return raw.slice(1, -1);
  return Number(raw);
}

function compare(value: OdsValue | undefined, op: Op, literal: number | string): boolean {
  if (value === null || value === undefined || typeof value === 'object') return false;
  const a = typeof literal === 'number' ? Number(value) : String(value);
  switch (op) {
    case '>':
      return a > literal;
    case '>=':
      return a >= literal;
    case '<':
      return a < literal;
    case '<=':
      return a <= literal;
    case '=':
      return a === literal;
    case '!=':
      return a !== literal;
  }
}

function parseWhere(dataset: Dataset, where: string): Comparison[] {
  if (!where.trim()) return [];
  return where.split(/\s+and\s+/i).map((clause) => {
    const m = COMPARISON.exec(clause);
    if (!m) throw new OdsqlError(`ODSQL query is malformed: invalid_where Syntax error in: ${clause.trim()}`);
    const field = fieldOf(dataset, unquote(m[1]), 'where');
    return { field, op: m[2] as Op, literal: literalValue(field, m[3]) };
  });
}

/** `refine=field:value`: text and numbers by equality, datetimes by a year, month or day prefix. */
function parseRefine(dataset: Dataset, refine: string): Comparison[] {
  const colon = refine.indexOf(':');
  if (colon < 0) throw new OdsqlError(`ODSQL query is malformed: invalid refine ${refine}`);
  const field = fieldOf(dataset, refine.slice(0, colon), 'refine');
  const value = refine.slice(colon + 1);
  if (field.type !== 'datetime') return [{ field, op: '=', literal: field.type === 'text' ? value : Number(value) }];
  const parts = value.split(/[-/]/).map(Number);
  const start = parseOdsDate(value);
  if (start === null || parts.some(Number.isNaN))
    throw new OdsqlError(`ODSQL query is malformed: invalid refine ${refine}`);
  const [y, mo = 1, d = 1] = parts;
  const end =
    parts.length === 1 ? Date.UTC(y + 1, 0, 1) : parts.length === 2 ? Date.UTC(y, mo, 1) : Date.UTC(y, mo - 1, d + 1);
  return [
    { field, op: '>=', literal: start },
    { field, op: '<', literal: end },
  ];
}

function parseSelect(dataset: Dataset, select: string | null): string[] {
  if (!select || select.trim() === '*') return dataset.fields.map((f) => f.name);
  return select.split(',').map((part) => {
    const name = part.trim();
    if (!new RegExp(`^(${IDENT})$`).test(name))
      throw new OdsqlError(`ODSQL query is malformed: invalid_select ${name} is not supported`);
    return fieldOf(dataset, unquote(name), 'select').name;
  });
}

function parseOrderBy(dataset: Dataset, orderBy: string | null): OrderKey[] {
  if (!orderBy?.trim()) return [];
  return orderBy.split(',').map((part) => {
    const m = new RegExp(`^\\s*(${IDENT})(?:\\s+(asc|desc))?\\s*$`, 'i').exec(part);
    if (!m) throw new OdsqlError(`ODSQL query is malformed: invalid_order_by ${part.trim()}`);
    return { field: fieldOf(dataset, unquote(m[1]), 'order_by').name, descending: m[2]?.toLowerCase() === 'desc' };
  });
}

/** Turns the request's ODSQL parameters into time bounds plus a row filter; throws OdsqlError. */
export function parseQuery(dataset: Dataset, params: URLSearchParams): Query {
  const comparisons = [
    ...parseWhere(dataset, params.get('where') ?? ''),
    ...params.getAll('refine').flatMap((r) => parseRefine(dataset, r)),
  ];
  let fromMs = -Infinity;
  let toMs = Infinity;
  const residual: Comparison[] = [];
  for (const c of comparisons) {
    const isTime = c.field.name === dataset.timeField && typeof c.literal === 'number';
    const t = c.literal as number;
    if (isTime && c.op === '>') fromMs = Math.max(fromMs, Math.floor(t) + 1);
    else if (isTime && c.op === '>=') fromMs = Math.max(fromMs, Math.ceil(t));
    else if (isTime && c.op === '<') toMs = Math.min(toMs, Math.ceil(t));
    else if (isTime && c.op === '<=') toMs = Math.min(toMs, Math.floor(t) + 1);
    else if (isTime && c.op === '=') {
      fromMs = Math.max(fromMs, t);
      toMs = Math.min(toMs, t + 1);
    } else residual.push(c);
  }
  return {
    fromMs,
    toMs,
    residual: (row) => residual.every((c) => compare(row.fields[c.field.name], c.op, c.literal)),
    hasResidual: residual.length > 0,
    select: parseSelect(dataset, params.get('select')),
    orderBy: parseOrderBy(dataset, params.get('order_by')),
  };
}
