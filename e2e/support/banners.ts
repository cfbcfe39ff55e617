import type { Locator, Page, TestInfo } from '@playwright/test';
import { translator } from './admin-ui.ts';
import { expect } from './fixtures.ts';

/** Where the web app keeps a closed banner for the tab's session (web: readiness-banner.tsx, owner-notices). */
const DISMISSED_KEYS = ['clientele.readinessBannerDismissed', 'clientele.singleOwnerNoticeDismissed'];

/**
 * Hides the "only one way back" readiness banner and the single-owner notice, for screenshots of CRM pages. Looking at
 * the screen right after a navigation raced the app: the shell, and the owner notice after a request of its own, render
 * later. So this waits for the shell, records the dismissal in sessionStorage exactly as the banners' close buttons do
 * (and for every later load of this tab), then, when a banner is already showing, loads the page again, which reads
 * the stored dismissal. Call it on a signed-in app page, before opening anything that should be in the picture.
 */
export async function dismissBanners(page: Page, testInfo: TestInfo): Promise<void> {
  const shell = page.getByTestId('user-menu');
  await expect(shell).toBeVisible({ timeout: 30_000 });
  const userId = await page.evaluate(async () => {
    const response = await fetch('/api/auth/session', { credentials: 'same-origin' });
    const body = (await response.json()) as { user?: { id?: string } } | null;
    return body?.user?.id ?? null;
  });
  expect(userId, 'dismissBanners needs a signed-in page').not.toBeNull();
  const remember = ({ keys, id }: { keys: string[]; id: string }) => {
    for (const key of keys) sessionStorage.setItem(key, id);
  };
  const stored = { keys: DISMISSED_KEYS, id: userId ?? '' };
  await page.addInitScript(remember, stored);
  await page.evaluate(remember, stored);

  const tr = translator(testInfo);
  const closers = [tr('ownerNotices.singleOwner.dismiss'), tr('readiness.dismiss')].map((label) =>
    page.getByRole('button', { name: label }),
  );
  const showing: Locator[] = [];
  for (const close of closers) {
    if (await close.isVisible()) showing.push(close);
  }
  if (showing.length === 0) return;
  // A reload rather than the close buttons: the page's own code may still be arriving, and a drawer or dialog it opens
  // (from the address) would cover a button between looking and clicking.
  await page.reload();
  await expect(shell).toBeVisible({ timeout: 30_000 });
  for (const close of closers) await expect(close).toBeHidden();
}
