import { raise } from '../../http/app-error.ts';
import { importFields, requiredImportFields, type ImportRecordType } from './import-fields.ts';
import { importErrors } from './import.errors.ts';

/** A mapping must name columns of the file and known fields, each field once, every required field included. */
export function validateMapping(
  recordType: ImportRecordType,
  headers: string[],
  mapping: Record<string, string>,
): void {
  const known = importFields(recordType);
  const used = new Set<string>();
  for (const [column, field] of Object.entries(mapping)) {
    if (Number(column) >= headers.length) raise(importErrors.MAPPING_UNKNOWN_COLUMN, { column });
    if (!known.includes(field)) raise(importErrors.MAPPING_UNKNOWN_FIELD, { field });
    if (used.has(field)) raise(importErrors.MAPPING_FIELD_TWICE, { field });
    used.add(field);
  }
  const missing = requiredImportFields(recordType).find((field) => !used.has(field));
  if (missing) raise(importErrors.MAPPING_REQUIRED_MISSING, { field: missing });
}
