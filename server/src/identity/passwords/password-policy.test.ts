import { describe, expect, it } from 'vitest';
import { defaultSecurityPolicy, listPolicyWeaknesses, securityPolicyPresets, securityPolicySchema } from '../orgs/security-policy.schema.ts';
import { PasswordHasher } from './password-hashing.ts';
import { assessPassword } from './password-policy.ts';
import { isBlockedPassword, passwordBlocklistSize } from './password-blocklist.ts';
import { roles } from '../roles.ts';

const codes = (password: string, context = {}, policy = defaultSecurityPolicy) => assessPassword(password, policy, context).problems.map((problem) => problem.code);

describe('password policy (PW-01…PW-05)', () => {
  it('counts Unicode code points, so an emoji is one character', () => {
    expect(codes('walnut meadow 😀')).not.toContain('too_short'); // 15 code points, 16 UTF-16 units
    expect(codes('walnut meadow😀')).toContain('too_short'); // 14 code points, 15 UTF-16 units
  });

  it('accepts long passphrases of any script, spaces and markup, up to 256 characters', () => {
    expect(assessPassword('correct horse battery staple 42', defaultSecurityPolicy).valid).toBe(true);
    expect(assessPassword('красная лиса прыгает через забор', defaultSecurityPolicy).valid).toBe(true);
    expect(assessPassword('春眠不觉晓处处闻啼鸟夜来风雨声花落知多少', defaultSecurityPolicy).valid).toBe(true);
    expect(assessPassword(`'"\\<script>;-- quiet granite harbour`, defaultSecurityPolicy).valid).toBe(true);
    expect(assessPassword('x'.repeat(10) + ' a long and unusual sentence '.repeat(8), defaultSecurityPolicy).problems.map((problem) => problem.code)).not.toContain('too_long');
    expect(codes('a'.repeat(257))).toEqual(['too_long']);
  });

  it('ships a real blocklist of at least 100,000 common and breached passwords, checked case-insensitively', () => {
    expect(passwordBlocklistSize()).toBeGreaterThan(100_000);
    expect(isBlockedPassword('PASSWORD')).toBe(true);
    expect(isBlockedPassword('Qwerty123')).toBe(true);
    expect(codes('1qaz2wsx3edc4rfv')).toContain('common');
    expect(codes('1QAZ2WSX3EDC4RFV')).toContain('common');
    // Whole entries only: not a part of one, not two neighbouring lines joined by a line break.
    expect(isBlockedPassword('asswor')).toBe(false);
    expect(isBlockedPassword('123456\npassword')).toBe(false);
    expect(isBlockedPassword('')).toBe(false);
  });

  it('does not reject a passphrase merely because it contains a dictionary word', () => {
    expect(assessPassword('password lamp orbit canyon seventeen', defaultSecurityPolicy).valid).toBe(true);
  });

  it("forbids the user's name, e-mail local part and the organisation's name", () => {
    const context = { name: 'Alice Zhang', email: 'alice.zhang@acme.test', orgName: 'Globex Trading' };
    expect(codes('globex trading forever more', context)).toContain('context_word');
    expect(codes('alice.zhang-2025-secret-key', context)).toContain('context_word');
    expect(codes('zhang likes quiet mountains', context)).toContain('context_word');
    expect(codes('violet harbour ninety kites', context)).not.toContain('context_word');
  });

  it('requires the zxcvbn score and explains a weak password', () => {
    expect(codes('aaaaaaaaaaaaaaaaaaaa')).toContain('weak');
    expect(codes('abcdefghijklmnopqrstu')).toContain('weak');
  });

  it('applies composition rules only when the admin turns them on', () => {
    const strict = { ...defaultSecurityPolicy, requireUpper: true, requireDigit: true, requireSymbol: true };
    expect(codes('violet harbour ninety kites', {}, strict)).toEqual(['needs_upper', 'needs_digit', 'needs_symbol']);
    expect(codes('Violet harbour 90 kites!', {}, strict)).toEqual([]);
  });

  it('allows a minimum below 15 only together with required two-step verification', () => {
    expect(securityPolicySchema.safeParse({ ...defaultSecurityPolicy, minLength: 8 }).success).toBe(false);
    const everyone = { ...defaultSecurityPolicy.twoStep, roles: [...roles] };
    expect(securityPolicySchema.safeParse({ ...defaultSecurityPolicy, minLength: 8, requireTwoStep: true, twoStep: everyone }).success).toBe(true);
    // Owners and admins only: other members' passwords stand alone, so they keep the 15-character minimum.
    expect(securityPolicySchema.safeParse({ ...defaultSecurityPolicy, minLength: 8, requireTwoStep: true }).success).toBe(false);
    expect(securityPolicySchema.safeParse({ ...defaultSecurityPolicy, minLength: 7, requireTwoStep: true, twoStep: everyone }).success).toBe(false);
  });

  it('expresses "lock after 3 failures for 30 minutes" and names weaker choices', () => {
    expect(securityPolicySchema.safeParse(securityPolicyPresets.strictLockout).success).toBe(true);
    expect(securityPolicyPresets.strictLockout.lockout).toEqual({ maxFailures: 3, windowMinutes: 30, lockMinutes: 30 });
    expect(listPolicyWeaknesses(defaultSecurityPolicy)).toEqual([]);
    expect(listPolicyWeaknesses(securityPolicyPresets.strictLockout)).toContain('aggressiveLockout');
    expect(listPolicyWeaknesses(securityPolicyPresets.pci)).toEqual(expect.arrayContaining(['compositionRules', 'passwordExpiry']));
  });
});

describe('password hashing (PW-02, PW-04, PW-10)', () => {
  const hasher = new PasswordHasher();

  it('stores argon2id with the OWASP parameters and a distinct salt each time', async () => {
    const first = await hasher.hash('violet harbour ninety kites');
    const second = await hasher.hash('violet harbour ninety kites');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(first).not.toBe(second);
    expect(hasher.needsRehash(first)).toBe(false);
    expect(new PasswordHasher({ memoryCost: 65_536, timeCost: 3, parallelism: 1 }).needsRehash(first)).toBe(true);
  });

  it('never truncates and never folds case', async () => {
    const password = 'Ω'.repeat(20) + ' long passphrase with many words '.repeat(2) + 'x'.repeat(14);
    const stored = await hasher.hash(password);
    expect(await hasher.verify(stored, password)).toBe(true);
    expect(await hasher.verify(stored, password.slice(0, 64))).toBe(false);
    expect(await hasher.verify(stored, Buffer.from(password).subarray(0, 72).toString())).toBe(false);
    expect(await hasher.verify(stored, password.toUpperCase())).toBe(false);
  });

  it('normalizes to NFC, so é typed either way is the same password', async () => {
    const composed = 'caf\u00e9 on the quiet harbour';
    const decomposed = 'cafe\u0301 on the quiet harbour';
    expect(await hasher.verify(await hasher.hash(composed), decomposed)).toBe(true);
    expect(await hasher.verify(await hasher.hash(decomposed), composed)).toBe(true);
  });
});
