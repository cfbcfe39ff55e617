import { defineErrors } from '../../http/app-error.ts';

export const importErrors = defineErrors({
  /** Not a multipart upload with exactly one file part. */
  FILE_MISSING: { status: 400, code: 'crm.import_file_missing' },
  /** Neither a .csv nor an .xlsx file (decided by name and content). */
  FILE_UNSUPPORTED: { status: 400, code: 'crm.import_file_unsupported' },
  /** The file cannot be read as CSV/XLSX. */
  FILE_MALFORMED: { status: 400, code: 'crm.import_file_malformed' },
  /** No header row or no data rows. */
  FILE_EMPTY: { status: 400, code: 'crm.import_file_empty' },
  /** Over the upload limit ({{max}} MB). */
  FILE_TOO_LARGE: { status: 400, code: 'crm.import_file_too_large' },
  /** More data rows than IMPORT_MAX_ROWS ({{max}}). */
  TOO_MANY_ROWS: { status: 400, code: 'crm.import_too_many_rows' },
  /** A cell with content beyond the column limit, or a worksheet row with more cells than Excel allows ({{max}}). */
  TOO_MANY_COLUMNS: { status: 400, code: 'crm.import_too_many_columns' },
  /** The parts of an .xlsx the import reads unpack to more than {{max}} MB, or the archive has too many entries. */
  XLSX_TOO_LARGE: { status: 400, code: 'crm.import_xlsx_too_large' },
  MAPPING_UNKNOWN_FIELD: { status: 400, code: 'crm.import_mapping_unknown_field' },
  MAPPING_UNKNOWN_COLUMN: { status: 400, code: 'crm.import_mapping_unknown_column' },
  MAPPING_FIELD_TWICE: { status: 400, code: 'crm.import_mapping_field_twice' },
  MAPPING_REQUIRED_MISSING: { status: 400, code: 'crm.import_mapping_required_missing' },
  /** Start on an import that is no longer waiting to be started (also the loser of two concurrent starts). */
  ALREADY_STARTED: { status: 409, code: 'crm.import_already_started' },
  /** Cancel on an import that has already finished. */
  ALREADY_FINISHED: { status: 409, code: 'crm.import_already_finished' },
});
