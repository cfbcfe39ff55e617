import type { TFunction } from 'i18next';
import type { ImportMapping, ImportRecordType } from './import-api';

/** The fields each record type takes, in the order the template lists them (the server's preview is authoritative). */
export const IMPORT_FIELDS: Record<ImportRecordType, { key: string; required: boolean }[]> = {
  customer: [
    { key: 'name', required: true },
    { key: 'industry', required: false },
    { key: 'level', required: false },
    { key: 'source', required: false },
    { key: 'status', required: false },
    { key: 'phone', required: false },
    { key: 'website', required: false },
    { key: 'address', required: false },
    { key: 'tags', required: false },
    { key: 'notes', required: false },
    { key: 'ownerEmail', required: false },
  ],
  contact: [
    { key: 'name', required: true },
    { key: 'customerName', required: true },
    { key: 'title', required: false },
    { key: 'mobile', required: false },
    { key: 'email', required: false },
    { key: 'wechat', required: false },
    { key: 'isPrimary', required: false },
  ],
};

export function fieldLabel(t: TFunction, recordType: ImportRecordType, key: string): string {
  return t(`imports.field.${recordType}.${key}`, { defaultValue: key });
}

/** One line on what a field accepts, for fields with a format (enums, lists, yes/no, a member). */
export function fieldHint(t: TFunction, recordType: ImportRecordType, key: string): string | null {
  const hint = t(`imports.fieldHint.${recordType}.${key}`, { defaultValue: '' });
  return hint === '' ? null : hint;
}

/** Required fields that no column is mapped to yet. */
export function missingRequiredFields(fields: { key: string; required: boolean }[], mapping: ImportMapping): string[] {
  const mapped = new Set(Object.values(mapping));
  return fields.filter((field) => field.required && !mapped.has(field.key)).map((field) => field.key);
}

/** Keeps only columns that exist and fields the server knows, each field at most once (first column wins). */
export function cleanMapping(
  mapping: ImportMapping | null | undefined,
  columnCount: number,
  fields: { key: string }[],
): ImportMapping {
  const known = new Set(fields.map((field) => field.key));
  const used = new Set<string>();
  const result: ImportMapping = {};
  for (let index = 0; index < columnCount; index += 1) {
    const field = mapping?.[String(index)];
    if (field && known.has(field) && !used.has(field)) {
      used.add(field);
      result[String(index)] = field;
    }
  }
  return result;
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A CSV with the header row only, in the user's language: the headers are the field labels, which the server's
 * suggested mapping recognises. UTF-8 with a BOM so that Excel opens Chinese headers correctly.
 */
export function importTemplate(t: TFunction, recordType: ImportRecordType): Blob {
  const header = IMPORT_FIELDS[recordType].map((field) => csvCell(fieldLabel(t, recordType, field.key))).join(',');
  return new Blob(['\uFEFF', `${header}\r\n`], { type: 'text/csv;charset=utf-8' });
}
