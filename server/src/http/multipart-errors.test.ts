import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.ts';
import { multipartError } from './multipart-errors.ts';

const codes = {
  tooLarge: { status: 413, code: 'upload.too_large' },
  tooLargeParams: { max: 32 },
  invalid: { status: 400, code: 'upload.invalid' },
};

const coded = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

/** What a broken upload becomes: the route's own codes, never a 500; everything else untouched. */
describe('multipartError', () => {
  it('maps a file over the limit to the too-large code with its parameters', () => {
    const mapped = multipartError(coded('FST_REQ_FILE_TOO_LARGE'), codes);
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped).toMatchObject({ status: 413, code: 'upload.too_large', params: { max: 32 } });
    expect(multipartError(coded('FST_REQ_FILE_TOO_LARGE'), { tooLarge: codes.tooLarge, invalid: codes.invalid })).toMatchObject({ params: {} });
  });

  it("maps @fastify/multipart's other codes and busboy's malformed-body messages to the invalid code", () => {
    for (const error of [
      coded('FST_FILES_LIMIT'),
      coded('FST_INVALID_MULTIPART_CONTENT_TYPE'),
      new Error('Unexpected end of form'),
      new Error('Malformed part header'),
      new Error('Part terminated early'),
      new Error('Multipart: Boundary not found'),
    ]) {
      expect(multipartError(error, codes), error.message).toMatchObject({ status: 400, code: 'upload.invalid' });
    }
  });

  it('passes AppErrors and unrelated failures through unchanged', () => {
    const appError = new AppError(404, 'crm.not_found');
    expect(multipartError(appError, codes)).toBe(appError);
    const diskFull = coded('ENOSPC', 'no space left on device');
    expect(multipartError(diskFull, codes)).toBe(diskFull);
    expect(multipartError('text', codes)).toBe('text');
  });
});
