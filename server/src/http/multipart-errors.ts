import { AppError, type ErrorDefinition } from './app-error.ts';

/** The route's own codes for what can go wrong while reading a multipart upload. */
export interface MultipartErrorCodes {
  /** The file is over the route's size limit (@fastify/multipart's FST_REQ_FILE_TOO_LARGE). */
  tooLarge: ErrorDefinition;
  /** Parameters of the too-large message, e.g. the limit. */
  tooLargeParams?: Record<string, string | number>;
  /** Any other multipart failure: @fastify/multipart's FST_* codes, or busboy's errors for a malformed body. */
  invalid: ErrorDefinition;
}

/** busboy reports a malformed body by message only, without a code. */
const MALFORMED_BODY = /unexpected end of form|malformed part header|part terminated early|boundary not found|multipart/i;

/**
 * An error thrown while reading the parts, as the route's AppError: otherwise the error handler would answer a client's
 * broken upload with a 500. AppErrors and anything unrelated to multipart pass through unchanged.
 */
export function multipartError(error: unknown, codes: MultipartErrorCodes): unknown {
  if (error instanceof AppError) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new AppError(codes.tooLarge.status, codes.tooLarge.code, codes.tooLargeParams);
  const message = error instanceof Error ? error.message : '';
  if (code.startsWith('FST_') || MALFORMED_BODY.test(message)) return new AppError(codes.invalid.status, codes.invalid.code);
  return error;
}
