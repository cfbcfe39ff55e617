// Helpers shared by the admin-*.spec.ts files: the admin console in Settings → Members, its dialogs, the step-up
// that admin actions ask for, and the member's /recover page.
import type { Locator, Page, TestInfo } from '@playwright/test';
import { apiRequest, expect, projectLocale, t, type RunningServer } from './fixtures.ts';
import { settled } from './org-flows.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** t() bound to the running project's language. */
export function translator(testInfo: TestInfo): (key: string, values?: Record<string, string | number>) => string {
  const lang = projectLocale(testInfo);
  return (key, values) => t(lang, key, values);
}

/** Opens Settings → Members (optionally a tab) and waits until the table has loaded. */
export async function openMembers(
  page: Page,
  server: RunningServer,
  testInfo: TestInfo,
  tab?: 'approvals',
): Promise<void> {
  const tr = translator(testInfo);
  await page.goto(`${server.url}/settings/members${tab ? `?tab=${tab}` : ''}`);
  await expect(page.getByRole('heading', { name: tr('members.title'), exact: true })).toBeVisible();
  await settled(page);
}

/** The members table's row of the member with this e-mail. */
export function memberRow(page: Page, email: string): Locator {
  return page.getByRole('row').filter({ hasText: email });
}

/** Opens the row's "⋯" menu and clicks the action with this label key (e.g. 'members.action.end_sessions'). */
export async function chooseMemberAction(
  page: Page,
  testInfo: TestInfo,
  member: { name: string; email: string },
  labelKey: string,
): Promise<void> {
  const tr = translator(testInfo);
  const row = memberRow(page, member.email);
  // The icon's name comes first in the item's accessible name ("unlock Unlock"): match the label at the end.
  const item = page.getByRole('menuitem', { name: new RegExp(`${escapeRegExp(tr(labelKey))}$`) });
  // On a busy machine the menu can close again before the click lands: open it again and retry.
  await expect(async () => {
    if (!(await item.isVisible())) {
      await row.getByRole('button', { name: tr('members.recovery.moreFor', { name: member.name }) }).click();
    }
    await item.click({ timeout: 3_000 });
  }).toPass({ timeout: 20_000 });
}

/** The "confirm it's you" dialog, when the server asked for a fresh proof of identity. */
export function stepUpDialog(page: Page, testInfo: TestInfo): Locator {
  return page.getByRole('dialog', { name: translator(testInfo)('stepUp.title') });
}

/**
 * Waits for `done` (a success message, a result) to show; when the step-up dialog comes first, enters the password
 * and confirms. Admin actions need a recent step-up, and whether the last one still counts depends on timing.
 */
export async function passStepUpIfAsked(
  page: Page,
  testInfo: TestInfo,
  password: string,
  done: Locator,
): Promise<boolean> {
  const tr = translator(testInfo);
  const dialog = stepUpDialog(page, testInfo);
  await expect(dialog.or(done).first()).toBeVisible({ timeout: 20_000 });
  if (!(await dialog.isVisible())) {
    return false;
  }
  await dialog.getByLabel(tr('stepUp.password'), { exact: true }).fill(password);
  await dialog.getByRole('button', { name: tr('stepUp.confirm'), exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(done.first()).toBeVisible({ timeout: 20_000 });
  return true;
}

/** Confirms the simple-action dialog (Modal.confirm) whose OK button has this label. */
export async function confirmAction(page: Page, okLabel: string): Promise<void> {
  const confirm = page.locator('.ant-modal-confirm');
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: okLabel, exact: true }).click();
  await expect(confirm).toBeHidden();
}

/** A toast (antd message) with this text. */
/** Today's date (YYYY-MM-DD) where the browser is: exports are dated in the requester's time zone. */
export function browserToday(page: Page): Promise<string> {
  return page.evaluate(() => new Intl.DateTimeFormat('en-CA').format(new Date()));
}

export function toast(page: Page, text: string): Locator {
  return page.locator('.ant-message-notice').filter({ hasText: text });
}

/** In an open admin dialog: picks a verification method card and, optionally, types the note. */
export async function fillVerification(
  dialog: Locator,
  testInfo: TestInfo,
  method: 'in_person_id' | 'video_call' | 'hr_callback' | 'manager_confirmation' | 'other',
  note?: string,
): Promise<void> {
  const tr = translator(testInfo);
  await dialog.getByRole('radio', { name: tr(`members.verification.method.${method}`) }).check();
  if (note !== undefined) {
    await dialog
      .getByLabel(
        method === 'other' ? tr('members.verification.noteRequiredLabel') : tr('members.verification.noteLabel'),
      )
      .fill(note);
  }
}

/** The `/recover#token=…` link in a mail or text. */
export function recoverLinkIn(text: string): string {
  const match = /https?:\/\/\S+?\/recover#token=[\w.~-]+/.exec(text);
  if (match === null) {
    throw new Error(`No recovery link in:\n${text}`);
  }
  return match[0];
}

/** On /recover: types the new password twice and submits. */
export async function submitRecoverPassword(page: Page, testInfo: TestInfo, password: string): Promise<void> {
  const tr = translator(testInfo);
  const fresh = page.getByLabel(tr('password.new'), { exact: true });
  await expect(fresh).toHaveAttribute('autocomplete', 'new-password');
  await fresh.fill(password);
  await page.getByLabel(tr('password.confirm'), { exact: true }).fill(password);
  await page.getByRole('button', { name: tr('recover.submit'), exact: true }).click();
}

/** GET /api/members as `cookieHeader`, the member with this e-mail. */
export async function memberByEmail(
  server: RunningServer,
  cookieHeader: string,
  email: string,
): Promise<{ id: string; status: string; role: string; deactivateAt: string | null; locked: boolean }> {
  const list = await apiRequest<
    { id: string; email: string; status: string; role: string; deactivateAt: string | null; locked: boolean }[]
  >(server.url, 'GET', '/api/members', { cookieHeader });
  const found = list.body.find((member) => member.email === email);
  if (found === undefined) {
    throw new Error(`No member ${email}`);
  }
  return found;
}

/** Status of GET /api/auth/session for a browser context's cookies: 200 signed in, 401 signed out. */
export async function sessionStatus(page: Page, url: string): Promise<number> {
  const response = await page.request.get(`${url}/api/auth/session`);
  return response.status();
}

/** i18next's plural key for the project's language: Chinese has one form (`_other`), English `_one` for 1. */
export function pluralKey(testInfo: TestInfo, key: string, count: number): string {
  return projectLocale(testInfo) === 'en' && count === 1 ? `${key}_one` : `${key}_other`;
}

/** The audit log's label of an action (the detail drawer shows the same). */
export function auditLabel(testInfo: TestInfo, action: string): string {
  return translator(testInfo)(`audit.actions.${action}`);
}

/** A message template as a pattern: `{{placeholders}}` match anything (e.g. a count the test does not know). */
export function templatePattern(text: string): RegExp {
  const parts = text.split(/\{\{\s*\w+\s*\}\}/).map(escapeRegExp);
  return new RegExp(parts.join('.+?'));
}
