// UI and message helpers shared by the recovery-*.spec.ts files (forgot password, reset, unlock, freeze, revert).
import type { Page, TestInfo } from '@playwright/test';
import { serverText } from './auth-ui.ts';
import {
  apiRequest,
  expect,
  projectLocale,
  setupOrg,
  t,
  type ApiResult,
  type ReceivedMail,
  type RunningServer,
  type SetupOrgInput,
} from './fixtures.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The one-time code in a message, found through the server's own text for `key` (e.g. 'mail.passwordReset.p3'):
 * the template's {{code}} becomes the capture group, other placeholders match anything on the line.
 */
export function codeIn(projectName: string, key: string, text: string): string {
  const template = serverText(projectName, key);
  const pattern = template
    .split(/(\{\{\s*\w+\s*\}\})/)
    .map((part) => {
      const placeholder = /^\{\{\s*(\w+)\s*\}\}$/.exec(part);
      if (placeholder === null) {
        return escapeRegExp(part);
      }
      return placeholder[1] === 'code' ? '(\\d{6,8})' : '[^\\n]*?';
    })
    .join('');
  const match = new RegExp(pattern).exec(text.replace(/\r\n/g, '\n'));
  if (match?.[1] === undefined) {
    throw new Error(`No code (template ${key}) in:\n${text}`);
  }
  return match[1];
}

/** The first link in `text` that contains `marker` (e.g. '/reset#token='). */
export function linkIn(text: string, marker: string): string {
  const link = (text.match(/https?:\/\/[^\s"'<>]+/g) ?? []).find((candidate) => candidate.includes(marker));
  if (link === undefined) {
    throw new Error(`No link containing "${marker}" in:\n${text}`);
  }
  return link.replace(/&amp;/g, '&');
}

/**
 * Waits for a mail to `address` with the subject of `template`, received after `afterCount` messages
 * (pass `server.mails.messages.length` taken before the action that sends it).
 */
export function waitForTemplateMail(
  server: RunningServer,
  projectName: string,
  template: string,
  address: string,
  afterCount: number,
  values: Record<string, string> = {},
): Promise<ReceivedMail> {
  const subject = serverText(projectName, `mail.${template}.subject`, values);
  return server.mails.waitForMail(
    (mail) =>
      server.mails.messages.indexOf(mail) >= afterCount &&
      mail.subject === subject &&
      mail.to.some((to) => to.toLowerCase() === address.toLowerCase()),
    20_000,
  );
}

/** Requests that left the app's origin (fonts, analytics, CDNs): the token pages must make none. */
export function recordForeignRequests(page: Page, baseUrl: string): string[] {
  const origin = new URL(baseUrl).origin;
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) {
      foreign.push(url);
    }
  });
  return foreign;
}

/** On /forgot: types the identifier and sends; waits for the neutral "check your …" view. */
export async function requestReset(page: Page, testInfo: TestInfo, identifier: string): Promise<void> {
  const lang = projectLocale(testInfo);
  const field = page.getByLabel(t(lang, 'forgot.identifier'), { exact: true });
  await expect(field).toHaveAttribute('autocomplete', 'username');
  await field.fill(identifier);
  await page.getByRole('button', { name: t(lang, 'forgot.submit'), exact: true }).click();
  await expect(page.getByTestId('forgot-sent')).toBeVisible();
}

/** On /reset: fills the new password twice and submits; waits until the app shell shows the organisation. */
export async function setNewPassword(page: Page, testInfo: TestInfo, password: string, orgName: string): Promise<void> {
  const lang = projectLocale(testInfo);
  const fresh = page.getByLabel(t(lang, 'password.new'), { exact: true });
  await expect(fresh).toHaveAttribute('autocomplete', 'new-password');
  await fresh.fill(password);
  await page.getByLabel(t(lang, 'password.confirm'), { exact: true }).fill(password);
  await page.getByRole('button', { name: t(lang, 'reset.submit'), exact: true }).click();
  await expect(page.getByTestId('org-name')).toHaveText(orgName);
  await expect(page).toHaveURL(/\/$/);
}

/** A fresh API session's step-up (sessions younger than 10 minutes count) — or an explicit re-authentication. */
export async function reauthenticate(server: RunningServer, cookieHeader: string, password: string): Promise<void> {
  await apiRequest(server.url, 'POST', '/api/auth/reauthenticate', { cookieHeader, body: { password } });
}

/** Status of POST /api/auth/login (200 or 401), without throwing. */
export async function loginStatus(baseUrl: string, identifier: string, password: string): Promise<number> {
  const result = await apiRequest(baseUrl, 'POST', '/api/auth/login', {
    body: { identifier, password },
    allowError: true,
  });
  return result.status;
}

/** A 6–8 digit code standing on its own in a message (not part of a time, date or IP address). */
export function standaloneCodeIn(text: string): string {
  const match = /(?<![\d:.\-/])(\d{6,8})(?![\d:.\-/])/.exec(text);
  if (match?.[1] === undefined) {
    throw new Error(`No 6–8 digit code in:\n${text}`);
  }
  return match[1];
}

/**
 * Enters the code mailed to `address` after `sendCode` (the one mail after it to that address) at `verifyPath`.
 */
async function verifyWithMailedCode(
  server: RunningServer,
  cookieHeader: string,
  address: string,
  sendCode: () => Promise<string>,
): Promise<void> {
  const before = server.mails.messages.length;
  const verifyPath = await sendCode();
  const mail = await server.mails.waitForMail(
    (candidate) => server.mails.messages.indexOf(candidate) >= before && candidate.to.includes(address),
    20_000,
  );
  await apiRequest(server.url, 'POST', verifyPath, { cookieHeader, body: { code: standaloneCodeIn(mail.text) } });
}

/**
 * Verifies the primary e-mail of the signed-in user (POST …/primary-email/send-code, then the code from the mail):
 * only verified addresses take part in recovery, and the address given at setup starts unverified.
 */
export async function verifyPrimaryEmail(server: RunningServer, cookieHeader: string, email: string): Promise<void> {
  await verifyWithMailedCode(server, cookieHeader, email, async () => {
    await apiRequest(server.url, 'POST', '/api/account/recovery/channels/primary-email/send-code', { cookieHeader });
    return '/api/account/recovery/channels/primary-email/verify';
  });
}

/**
 * Adds `address` as the signed-in user's backup e-mail, or as the new sign-in e-mail (`primary`), and enters the
 * code mailed to it: the verification code is the only mail the new address gets.
 */
export async function addVerifiedEmail(
  server: RunningServer,
  cookieHeader: string,
  role: 'primary' | 'backup',
  address: string,
): Promise<void> {
  await verifyWithMailedCode(server, cookieHeader, address, async () => {
    const added = await apiRequest<{ id: string }>(server.url, 'POST', '/api/account/recovery/channels', {
      cookieHeader,
      body: { kind: 'email', role, address },
    });
    return `/api/account/recovery/channels/${added.body.id}/verify`;
  });
}

/** Creates the organisation with `owner` in `locale` and verifies the owner's e-mail; resolves with their session. */
export async function setupOrgWithVerifiedEmail(
  server: RunningServer,
  owner: Omit<SetupOrgInput, 'locale'>,
  locale: SetupOrgInput['locale'],
): Promise<ApiResult> {
  const setup = await setupOrg(server.url, { ...owner, locale });
  await verifyPrimaryEmail(server, setup.cookieHeader, owner.email);
  return setup;
}

/** On /forgot: asks for a reset for `identifier` and resolves with the reset mail then sent to `address`. */
export async function requestResetMail(
  server: RunningServer,
  page: Page,
  testInfo: TestInfo,
  identifier: string,
  orgName: string,
  address: string = identifier,
): Promise<ReceivedMail> {
  const before = server.mails.messages.length;
  await requestReset(page, testInfo, identifier);
  return waitForTemplateMail(server, projectLocale(testInfo), 'passwordReset', address, before, { orgName });
}
