import type { Locator, Page, TestInfo } from '@playwright/test';
import {
  apiRequest,
  expect,
  loginApi,
  projectLocale,
  setupOrg,
  shot,
  type ReceivedMail,
  type RunningServer,
} from './fixtures.ts';

/** A strong passphrase (long, unrelated words) that the default policy accepts. */
export const OWNER_PASSWORD = 'Violet tractor hums beside 7 quiet lanterns';
export const MEMBER_PASSWORD = 'Marble otter juggles 42 purple umbrellas';

export interface Owner {
  orgName: string;
  name: string;
  email: string;
  password: string;
  /** `Cookie` header of an API session of the owner. */
  cookieHeader: string;
}

/** Creates the organisation through POST /api/setup and returns its owner with a fresh API session. */
export async function createOrg(server: RunningServer, testInfo: TestInfo, orgName: string): Promise<Owner> {
  const locale = projectLocale(testInfo);
  const owner = { orgName, name: 'Olivia Owner', email: 'olivia@example.com', password: OWNER_PASSWORD };
  const setup = await setupOrg(server.url, { ...owner, locale });
  return { ...owner, cookieHeader: setup.cookieHeader };
}

/** Signs the owner in through the API and hands the session cookies to the page's browser context. */
export async function signInPage(page: Page, server: RunningServer, email: string, password: string): Promise<void> {
  const session = await loginApi(server.url, { identifier: email, password });
  await page.context().addCookies(session.cookies);
}

/** The `/invite#token=…` link in an invitation mail. */
export function inviteLinkOf(mail: ReceivedMail): string {
  const match = /https?:\/\/\S+?\/invite#token=[\w.~-]+/.exec(mail.text);
  if (match === null) {
    throw new Error(`No invitation link in the mail:\n${mail.text}`);
  }
  return match[0];
}

export function tokenOf(link: string): string {
  return new URL(link).hash.replace(/^#token=/, '');
}

export interface MemberInput {
  email: string;
  name: string;
  role: 'admin' | 'manager' | 'sales' | 'viewer';
  password?: string;
}

/** Invites a member as the owner and accepts the invitation through the API; resolves with the member's password. */
export async function addMemberViaApi(server: RunningServer, owner: Owner, member: MemberInput): Promise<string> {
  const password = member.password ?? MEMBER_PASSWORD;
  await apiRequest(server.url, 'POST', '/api/members/invitations', {
    cookieHeader: owner.cookieHeader,
    body: { email: member.email, name: member.name, role: member.role },
  });
  const mail = await server.mails.waitForMail((candidate) => candidate.to.includes(member.email), 15_000);
  await apiRequest(server.url, 'POST', '/api/invitations/accept', {
    body: { token: tokenOf(inviteLinkOf(mail)), name: member.name, password },
  });
  return password;
}

/**
 * Opens an Ant Design select and picks the option with the given visible label;
 * with `search`, types the label first (long, virtualised option lists only render what is in view).
 */
export async function pickOption(
  page: Page,
  select: Locator,
  label: string,
  options: { search?: boolean } = {},
): Promise<void> {
  await select.click();
  if (options.search === true) {
    await select.fill(label);
  }
  const option = page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ has: page.getByText(label, { exact: true }) });
  await option.click();
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
}

/**
 * Opens Settings and waits for `/settings` to send the browser on to `/settings/security`: the redirect runs in an
 * effect after the page is painted, and a click on the settings menu before it would be undone by it.
 */
export async function openSettings(page: Page, serverUrl: string): Promise<void> {
  await page.goto(`${serverUrl}/settings`);
  await expect(page).toHaveURL(/\/settings\/security$/);
}

/** The settings sub-navigation. */
export function settingsNav(page: Page, label: string): Locator {
  return page.getByRole('navigation', { name: label });
}

/**
 * Opens Settings, then the entry `entry` of its sub-navigation (labelled `navigation`). The owner's notices render after
 * a request of their own and push the menu down: a click as they arrive can land beside the entry, so it is clicked
 * again until the entry is the selected one.
 */
export async function openSettingsEntry(
  page: Page,
  serverUrl: string,
  navigation: string,
  entry: string,
): Promise<void> {
  await openSettings(page, serverUrl);
  const item = settingsNav(page, navigation).getByRole('menuitem', { name: entry });
  await expect(async () => {
    await item.click();
    await expect(item).toHaveClass(/ant-menu-item-selected/, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/** Waits until Ant Design tables and cards have finished loading, including the fade-out, for clean screenshots. */
export async function settled(page: Page): Promise<void> {
  await expect(page.locator('.ant-spin-blur, .ant-skeleton, .ant-spin-spinning')).toHaveCount(0);
  for (const container of await page.locator('.ant-spin-container').all()) {
    await expect(container).toHaveCSS('opacity', '1');
  }
  // Finite CSS transitions and animations (expand icons, fades) have finished.
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          document
            .getAnimations()
            .filter(
              (animation) =>
                animation.playState === 'running' && animation.effect?.getComputedTiming().endTime !== Infinity,
            ).length,
      ),
    )
    .toBe(0);
}

/**
 * shot() with the viewport stretched to the whole page first, so sticky headers and footers are drawn where they
 * belong instead of at the scroll position; the viewport is restored afterwards.
 */
export async function pageShot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  if (viewport === null || height <= viewport.height) {
    await shot(page, testInfo, name);
    return;
  }
  await page.setViewportSize({ width: viewport.width, height });
  try {
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
    await shot(page, testInfo, name);
  } finally {
    await page.setViewportSize(viewport);
  }
}
