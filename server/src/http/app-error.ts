/** An expected failure: rendered as {"error":{code,message}} with the message translated from `errors.<code>`. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: Record<string, string | number> = {},
    readonly headers: Record<string, string> = {},
    readonly details?: ErrorDetail[],
  ) {
    super(code);
    this.name = 'AppError';
  }
}

/** One reason behind an error, e.g. each way a password falls short. `message` is translated from `messageKey`. */
export interface ErrorDetail {
  path: string;
  code: string;
  messageKey: string;
  params?: Record<string, string | number>;
}

export interface ErrorDefinition {
  status: number;
  code: string;
}

/** Declares a module's error codes as data; `raise(errors.X)` throws the matching AppError. */
export function defineErrors<Names extends string>(definitions: Record<Names, ErrorDefinition>): Record<Names, ErrorDefinition> {
  return definitions;
}

export function raise(definition: ErrorDefinition, params: Record<string, string | number> = {}, headers: Record<string, string> = {}, details?: ErrorDetail[]): never {
  throw new AppError(definition.status, definition.code, params, headers, details);
}

export const commonErrors = defineErrors({
  VALIDATION_FAILED: { status: 400, code: 'validation_failed' },
  MALFORMED_JSON: { status: 400, code: 'malformed_json' },
  BODY_TOO_LARGE: { status: 413, code: 'body_too_large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type' },
  NOT_FOUND: { status: 404, code: 'not_found' },
  METHOD_NOT_ALLOWED: { status: 405, code: 'method_not_allowed' },
  UNAUTHENTICATED: { status: 401, code: 'unauthenticated' },
  FORBIDDEN: { status: 403, code: 'forbidden' },
  CSRF_REJECTED: { status: 403, code: 'csrf_rejected' },
  RATE_LIMITED: { status: 429, code: 'rate_limited' },
  CONFLICT: { status: 409, code: 'conflict' },
  INTERNAL: { status: 500, code: 'internal_error' },
});
