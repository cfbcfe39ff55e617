import { createRequire } from 'node:module';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { PASSWORD_MAX_LENGTH, type SecurityPolicy } from '../orgs/security-policy.schema.ts';
import { normalizePassword } from './password-hashing.ts';
import { isBlockedPassword } from './password-blocklist.ts';

export type PasswordProblemCode =
  | 'too_short'
  | 'too_long'
  | 'common'
  | 'context_word'
  | 'weak'
  | 'needs_upper'
  | 'needs_lower'
  | 'needs_digit'
  | 'needs_symbol';

export interface PasswordProblem {
  code: PasswordProblemCode;
  params?: Record<string, string | number>;
}

export interface PasswordContext {
  name?: string | undefined;
  email?: string | undefined;
  orgName?: string | undefined;
}

export interface PasswordAssessment {
  valid: boolean;
  score: number;
  minLength: number;
  problems: PasswordProblem[];
}

const loadPackage = createRequire(import.meta.url);
let zxcvbn: ZxcvbnFactory | undefined;

/**
 * The strength estimator, loaded on the first password it rates: unpacking and ranking its dictionaries takes about
 * 0.6 s of CPU, which every server start (and every test file that builds the app) paid although most never rate one.
 */
function strengthEstimator(): ZxcvbnFactory {
  if (zxcvbn === undefined) {
    const core = loadPackage('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
    const common = loadPackage('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    const english = loadPackage('@zxcvbn-ts/language-en') as typeof import('@zxcvbn-ts/language-en');
    zxcvbn = new core.ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...english.dictionary },
      graphs: common.adjacencyGraphs,
      translations: english.translations,
    });
  }
  return zxcvbn;
}

/** Words of at least 3 characters that identify the user or the organisation. */
function contextWords(context: PasswordContext): string[] {
  const words = new Set<string>(['clientele']);
  const add = (value: string | undefined) => {
    if (!value) return;
    const lowered = value.normalize('NFC').toLowerCase().trim();
    if ([...lowered].length >= 3) words.add(lowered.replace(/\s+/g, ''));
    for (const part of lowered.split(/[\s._\-+@]+/)) if ([...part].length >= 3) words.add(part);
  };
  add(context.name);
  add(context.orgName);
  add(context.email?.split('@')[0]);
  return [...words];
}

export function countCharacters(value: string): number {
  return [...value].length;
}

/** Checks a new password against the organisation's policy and explains every reason it falls short. */
export function assessPassword(rawPassword: string, policy: SecurityPolicy, context: PasswordContext = {}): PasswordAssessment {
  const password = normalizePassword(rawPassword);
  const length = countCharacters(password);
  const problems: PasswordProblem[] = [];
  if (length > PASSWORD_MAX_LENGTH) {
    return { valid: false, score: 0, minLength: policy.minLength, problems: [{ code: 'too_long', params: { max: PASSWORD_MAX_LENGTH } }] };
  }
  if (length < policy.minLength) problems.push({ code: 'too_short', params: { min: policy.minLength } });
  if (isBlockedPassword(password)) problems.push({ code: 'common' });

  const lowered = password.toLowerCase().replace(/\s+/g, '');
  const words = contextWords(context);
  if (policy.forbidContextWords && words.some((word) => lowered.includes(word))) problems.push({ code: 'context_word' });

  if (policy.requireUpper && !/\p{Lu}/u.test(password)) problems.push({ code: 'needs_upper' });
  if (policy.requireLower && !/\p{Ll}/u.test(password)) problems.push({ code: 'needs_lower' });
  if (policy.requireDigit && !/\p{Nd}/u.test(password)) problems.push({ code: 'needs_digit' });
  if (policy.requireSymbol && !/[^\p{L}\p{Nd}\s]/u.test(password)) problems.push({ code: 'needs_symbol' });

  const score = length === 0 ? 0 : strengthEstimator().check(password.slice(0, 100), words).score;
  if (length > 0 && score < policy.minScore) problems.push({ code: 'weak', params: { score, minScore: policy.minScore } });
  return { valid: problems.length === 0, score, minLength: policy.minLength, problems };
}
