import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listKeys, localeFromAcceptLanguage, translate } from './i18n.ts';

/** Both catalogs complete (STYLE rule 11), and every error code the server can raise has a message in each. */

const sourceRoot = fileURLToPath(new URL('../', import.meta.url));

function sourceFiles(): string[] {
  return readdirSync(sourceRoot, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts') && !path.endsWith('.test.ts'))
    .map((path) => join(sourceRoot, path));
}

/** The object literal passed to each defineErrors(...) call, found by matching braces. */
function defineErrorsArguments(source: string): string[] {
  const blocks: string[] = [];
  let from = 0;
  for (;;) {
    const call = source.indexOf('defineErrors(', from);
    if (call === -1) return blocks;
    const open = source.indexOf('{', call);
    let depth = 0;
    let index = open;
    for (; index < source.length; index += 1) {
      if (source[index] === '{') depth += 1;
      if (source[index] === '}') depth -= 1;
      if (depth === 0) break;
    }
    blocks.push(source.slice(open, index + 1));
    from = index;
  }
}

function declaredErrorCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const file of sourceFiles()) {
    const source = readFileSync(file, 'utf8');
    // The declaration of defineErrors itself has a type parameter, not a literal.
    for (const block of defineErrorsArguments(source)) {
      for (const match of block.matchAll(/code:\s*'([a-z0-9_]+)'/g)) {
        if (match[1]) codes.set(match[1], file.slice(sourceRoot.length));
      }
    }
  }
  return codes;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1] ?? '').sort();
}

describe('server translations', () => {
  it('en.json and zh-CN.json have exactly the same keys', () => {
    const english = listKeys('en');
    const chinese = listKeys('zh-CN');
    expect(english.length).toBeGreaterThan(20);
    expect(chinese.filter((key) => !english.includes(key))).toEqual([]);
    expect(english.filter((key) => !chinese.includes(key))).toEqual([]);
  });

  it('every message is non-empty, uses the same placeholders in both languages, and zh-CN is actually translated', () => {
    const untranslated: string[] = [];
    for (const key of listKeys('en')) {
      const english = translate('en', key);
      const chinese = translate('zh-CN', key);
      expect(english.trim(), key).not.toBe('');
      expect(chinese.trim(), key).not.toBe('');
      expect(placeholders(chinese), key).toEqual(placeholders(english));
      if (chinese === english && english.replace(/\{\{\w+\}\}/g, '').trim().length > 3) untranslated.push(key);
    }
    expect(untranslated).toEqual([]);
  });

  it('every error code declared with defineErrors has a message in both catalogs', () => {
    const codes = declaredErrorCodes();
    // Sanity: the scan finds the codes of several modules.
    for (const known of [
      'validation_failed',
      'invalid_credentials',
      'token_used',
      'already_member',
      'mfa_code_invalid',
      'outbox_inactive',
      'setup_done',
    ]) {
      expect([...codes.keys()], known).toContain(known);
    }
    const english = new Set(listKeys('en'));
    const chinese = new Set(listKeys('zh-CN'));
    const missing = [...codes]
      .filter(([code]) => !english.has(`errors.${code}`) || !chinese.has(`errors.${code}`))
      .map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it('the codes the error handler renders without defineErrors are translated too', () => {
    for (const code of ['bad_request', 'not_found', 'internal_error']) {
      expect(listKeys('en')).toContain(`errors.${code}`);
      expect(listKeys('zh-CN')).toContain(`errors.${code}`);
    }
  });

  it('fills placeholders and picks the language from Accept-Language', () => {
    expect(translate('en', 'errors.rate_limited', { minutes: 3 })).toContain('3');
    expect(translate('zh-CN', 'errors.rate_limited', { minutes: 3 })).toContain('3');
    expect(localeFromAcceptLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(localeFromAcceptLanguage('zh-TW')).toBe('zh-CN');
    expect(localeFromAcceptLanguage('en-GB,en;q=0.9')).toBe('en');
    expect(localeFromAcceptLanguage('fr-FR,en;q=0.5,zh;q=0.7')).toBe('zh-CN');
    expect(localeFromAcceptLanguage('fr-FR')).toBeUndefined();
    expect(localeFromAcceptLanguage(undefined)).toBeUndefined();
  });
});
