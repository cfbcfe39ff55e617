import { i18n } from '../i18n/i18n';

export interface ApiErrorDetail {
  path?: string;
  message?: string;
  code?: string;
  params?: Record<string, unknown>;
}

/** A failed API call, carrying the server's `{"error":{…}}` body. `message` is already localized by the server. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ApiErrorDetail[];
  /** Seconds from the Retry-After header (429), when the server sent one. */
  readonly retryAfterSeconds: number | null;

  constructor(
    status: number,
    code: string,
    message: string,
    details: ApiErrorDetail[] = [],
    retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RequestOptions {
  method?: HttpMethod;
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
}

function buildUrl(path: string, query: RequestOptions['query']): string {
  const url = `/api${path}`;
  if (!query) {
    return url;
  }
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      search.set(key, String(value));
    }
  }
  const encoded = search.toString();
  return encoded ? `${url}?${encoded}` : url;
}

function parseRetryAfter(header: string | null): number | null {
  if (!header) {
    return null;
  }
  const seconds = Number(header);
  if (Number.isFinite(seconds)) {
    return Math.max(0, Math.ceil(seconds));
  }
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; details?: unknown };
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // Proxies and crashed servers answer with HTML or nothing; fall back to a generic message.
  }
  const code = typeof body.error?.code === 'string' ? body.error.code : 'http_error';
  const message =
    typeof body.error?.message === 'string'
      ? body.error.message
      : i18n.t('common.unexpectedError', { status: response.status });
  const details = Array.isArray(body.error?.details) ? (body.error.details as ApiErrorDetail[]) : [];
  return new ApiError(response.status, code, message, details, parseRetryAfter(response.headers.get('Retry-After')));
}

/** Calls the Clientele API with the session cookie and the current UI language. */
export async function apiRequest<Result>(path: string, options: RequestOptions = {}): Promise<Result> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': i18n.resolvedLanguage ?? i18n.language ?? 'en',
  };
  const init: RequestInit = {
    method: options.method ?? 'GET',
    credentials: 'same-origin',
    headers,
  };
  if (options.signal) {
    init.signal = options.signal;
  }
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') {
      throw error;
    }
    throw new ApiError(0, 'network_error', i18n.t('common.networkError'));
  }
  if (!response.ok) {
    throw await toApiError(response);
  }
  if (response.status === 204 || response.headers.get('Content-Length') === '0') {
    return undefined as Result;
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as Result;
}

/**
 * Sends one file as multipart/form-data (the only upload the API takes: follow-up attachments). The browser adds the
 * boundary and the same-origin Origin header the server's CSRF rule asks for.
 */
export async function apiUpload<Result>(path: string, file: File, fieldName = 'file'): Promise<Result> {
  const body = new FormData();
  body.append(fieldName, file, file.name);
  let response: Response;
  try {
    response = await fetch(buildUrl(path, undefined), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Accept-Language': i18n.resolvedLanguage ?? i18n.language ?? 'en' },
      body,
    });
  } catch {
    throw new ApiError(0, 'network_error', i18n.t('common.networkError'));
  }
  if (!response.ok) {
    throw await toApiError(response);
  }
  return (await response.json()) as Result;
}

/** A file the server sent as an attachment: its bytes, the name it suggested and the response headers. */
export interface DownloadedFile {
  blob: Blob;
  fileName: string;
  headers: Headers;
}

/** The UTF-8 name of RFC 5987 (filename*=UTF-8''…) when present, else the plain one, else `fallback`. */
export function attachmentFileName(disposition: string | null, fallback: string): string {
  const extended = disposition ? /filename\*=UTF-8''([^;]+)/i.exec(disposition) : null;
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      // A malformed escape: fall through to the ASCII name.
    }
  }
  const plain = disposition ? /filename="([^"]+)"/i.exec(disposition) : null;
  return plain?.[1] ?? fallback;
}

/**
 * GETs a file (exports) with the session cookie and the UI language. Failures throw the same ApiError as JSON calls,
 * so the step-up wrapper can recognise `reauthentication_required` and try again.
 */
export async function apiDownload(
  path: string,
  query: RequestOptions['query'],
  fallbackName: string,
): Promise<DownloadedFile> {
  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), {
      credentials: 'same-origin',
      headers: { 'Accept-Language': i18n.resolvedLanguage ?? i18n.language ?? 'en' },
    });
  } catch {
    throw new ApiError(0, 'network_error', i18n.t('common.networkError'));
  }
  if (!response.ok) {
    throw await toApiError(response);
  }
  const fileName = attachmentFileName(response.headers.get('Content-Disposition'), fallbackName);
  return { blob: await response.blob(), fileName, headers: response.headers };
}

export const api = {
  get: <Result>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) =>
    apiRequest<Result>(path, { method: 'GET', ...(query ? { query } : {}), ...(signal ? { signal } : {}) }),
  post: <Result>(path: string, body?: unknown) => apiRequest<Result>(path, { method: 'POST', body }),
  put: <Result>(path: string, body?: unknown) => apiRequest<Result>(path, { method: 'PUT', body }),
  patch: <Result>(path: string, body?: unknown) => apiRequest<Result>(path, { method: 'PATCH', body }),
  delete: <Result>(path: string) => apiRequest<Result>(path, { method: 'DELETE' }),
};
