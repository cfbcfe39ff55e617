/**
 * Every settings page, by the key that names it in the settings menu (`settings.nav.<key>`) and describes it on the
 * home page's shortcuts (`home.shortcut.<key>`); i18n.test.ts checks both languages have both.
 */
export const settingsKeys = [
  'security',
  'twoStep',
  'recovery',
  'apiTokens',
  'policy',
  'members',
  'teams',
  'pipeline',
  'poolRule',
  'webhooks',
  'audit',
  'recoveryReport',
  'mail',
  'outbox',
] as const;

export type SettingsKey = (typeof settingsKeys)[number];
