import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { api, apiUpload } from '../../api/client';

/** Mirrors the import contract of server/src/crm/imports (issue 6). */
export type ImportRecordType = 'customer' | 'contact';
export type ImportStatus = 'uploaded' | 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
export type DuplicateMode = 'skip' | 'update' | 'create';
/** Column index as a string ("0", "1", …) → field key. */
export type ImportMapping = Record<string, string>;

export interface ImportJob {
  id: string;
  recordType: ImportRecordType;
  fileName: string;
  format: 'csv' | 'xlsx';
  status: ImportStatus;
  duplicateMode: DuplicateMode | null;
  mapping: ImportMapping | null;
  totalRows: number;
  processedRows: number;
  createdCount: number;
  updatedCount: number;
  skippedCount: number;
  errorCount: number;
  createdBy: { id: string; name: string };
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  failureReason: string | null;
}

export interface ImportPreview {
  headers: string[];
  /** The first data rows (at most 10), cells as text. */
  sampleRows: string[][];
  totalRows: number;
  fields: { key: string; required: boolean }[];
  suggestedMapping: ImportMapping;
}

export interface ImportIssue {
  /** The file's row number; the header is row 1. */
  row: number;
  field: string | null;
  code: string;
  /** Already in the request's language. */
  message: string;
  value: string | null;
  outcome: 'error' | 'skipped';
}

export interface ImportCheck {
  rows: number;
  valid: number;
  invalid: number;
  duplicates: number;
  /** The first 100 issues. */
  issues: ImportIssue[];
}

export interface ImportPlan {
  mapping: ImportMapping;
  duplicateMode: DuplicateMode;
}

interface CursorList<Item> {
  items: Item[];
  nextCursor: string | null;
}

/** The server's limits, stated on the upload step (IMPORT_MAX_ROWS may be lowered by the operator). */
export const IMPORT_MAX_BYTES = 32 * 1024 * 1024;
export const IMPORT_FILE_TYPES =
  '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const ISSUE_PAGE_SIZE = 50;

const importPath = (id: string, suffix = '') => `/imports/${encodeURIComponent(id)}${suffix}`;

export const importApi = {
  upload: (recordType: ImportRecordType, file: File) =>
    apiUpload<{ import: ImportJob; preview: ImportPreview }>(`/imports?recordType=${recordType}`, file),
  get: (id: string) => api.get<{ import: ImportJob }>(importPath(id)),
  preview: (id: string) => api.get<ImportPreview>(importPath(id, '/preview')),
  check: (id: string, plan: ImportPlan) => api.post<ImportCheck>(importPath(id, '/check'), plan),
  start: (id: string, plan: ImportPlan) => api.post<{ import: ImportJob }>(importPath(id, '/start'), plan),
  cancel: (id: string) => api.post<{ import: ImportJob }>(importPath(id, '/cancel')),
  issues: (id: string, cursor: string | null) =>
    api.get<CursorList<ImportIssue>>(importPath(id, '/issues'), { cursor, limit: ISSUE_PAGE_SIZE }),
  list: (recordType: ImportRecordType) => api.get<CursorList<ImportJob>>('/imports', { recordType }),
  reportPath: (id: string) => importPath(id, '/issues.csv'),
};

export const importKeys = {
  all: ['imports'] as const,
  detail: (id: string) => ['imports', 'detail', id] as const,
  preview: (id: string) => ['imports', 'preview', id] as const,
  issues: (id: string) => ['imports', 'issues', id] as const,
  recent: (recordType: ImportRecordType) => ['imports', 'recent', recordType] as const,
};

export function isImportActive(status: ImportStatus): boolean {
  return status === 'queued' || status === 'running';
}

export function isImportFinished(status: ImportStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

/** The import, polled about every second while it is queued or running; polling stops once it has finished. */
export function useImportJob(id: string) {
  return useQuery({
    queryKey: importKeys.detail(id),
    queryFn: () => importApi.get(id).then((result) => result.import),
    refetchInterval: (query) => (query.state.data && isImportActive(query.state.data.status) ? 1000 : false),
    refetchIntervalInBackground: true,
  });
}

export function useImportPreview(id: string, enabled: boolean) {
  return useQuery({
    queryKey: importKeys.preview(id),
    queryFn: () => importApi.preview(id),
    enabled,
    staleTime: Infinity,
  });
}

export function useImportIssues(id: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: importKeys.issues(id),
    queryFn: ({ pageParam }) => importApi.issues(id, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    enabled,
  });
}

export function useRecentImports(recordType: ImportRecordType) {
  return useQuery({
    queryKey: importKeys.recent(recordType),
    queryFn: () => importApi.list(recordType),
    placeholderData: keepPreviousData,
  });
}

/** After an import has written records, the lists, details and search show them (and the recent imports its end). */
export function refreshImportedRecords(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ['customers'] }),
    queryClient.invalidateQueries({ queryKey: ['contacts'] }),
    queryClient.invalidateQueries({ queryKey: ['crm-search'] }),
    queryClient.invalidateQueries({ queryKey: ['imports', 'recent'] }),
  ]);
}
