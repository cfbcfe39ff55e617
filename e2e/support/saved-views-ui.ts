// Helpers for the saved views control of the CRM lists (customers, deals, contracts).
import type { Locator, Page, TestInfo } from '@playwright/test';
import { translator } from './admin-ui.ts';
import { expect } from './fixtures.ts';
import { pageShot, settled } from './org-flows.ts';

export function viewsButton(page: Page): Locator {
  return page.getByTestId('saved-views-button');
}

/** Opens the saved views panel (again, if a click closed it). */
export async function openViews(page: Page): Promise<Locator> {
  const panel = page.getByTestId('saved-views-panel');
  if (!(await panel.isVisible())) {
    await viewsButton(page).click();
  }
  await expect(panel).toBeVisible();
  return panel;
}

export function viewRow(panel: Locator, name: string): Locator {
  return panel.getByTestId('saved-view').filter({ hasText: name });
}

export async function closeViews(page: Page): Promise<void> {
  const panel = page.getByTestId('saved-views-panel');
  if (await panel.isVisible()) {
    await viewsButton(page).click();
  }
  await expect(panel).toBeHidden();
}

/** Clicks the view's name in the panel, which applies it. */
export async function applyView(page: Page, name: string): Promise<void> {
  const panel = await openViews(page);
  await viewRow(panel, name).getByTestId('saved-view-apply').click();
  await expect(panel).toBeHidden();
}

/** Opens the "⋯" menu of an own view and clicks an action; with `shot`, screenshots the open menu first. */
export async function chooseViewAction(
  page: Page,
  testInfo: TestInfo,
  name: string,
  labelKey: string,
  shot?: string,
): Promise<void> {
  const tr = translator(testInfo);
  const panel = await openViews(page);
  await viewRow(panel, name)
    .getByRole('button', { name: tr('savedViews.action.moreFor', { name }) })
    .click();
  const item = page.getByRole('menuitem', { name: new RegExp(`${tr(labelKey)}$`) });
  await expect(item).toBeVisible();
  if (shot !== undefined) {
    await screenshotQuietly(page, testInfo, shot);
  }
  await item.click();
}

export async function screenshotQuietly(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 15_000 });
  await settled(page);
  await pageShot(page, testInfo, name);
}
