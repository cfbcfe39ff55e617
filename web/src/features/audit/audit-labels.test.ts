import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
// The server's list of audit actions: AuditService only accepts these, so every event the log can hold is here.
import { auditActions } from '../../../../server/src/audit/audit-actions.ts';
import en from '../../i18n/en.json';
import zhCN from '../../i18n/zh-CN.json';
import { auditActionLabel, auditValueLabel } from './audit-labels';

const catalogs = { en, 'zh-CN': zhCN } as const;

async function translator(language: keyof typeof catalogs) {
  const instance = i18next.createInstance();
  await instance.init({
    lng: language,
    resources: { [language]: { translation: catalogs[language] } },
    returnNull: false,
  });
  return instance.t;
}

describe('audit log labels', () => {
  it('lists each server action once', () => {
    expect(new Set(auditActions).size).toBe(auditActions.length);
  });

  it.each(Object.keys(catalogs) as (keyof typeof catalogs)[])(
    'labels every server audit action in %s',
    async (language) => {
      const t = await translator(language);
      const unlabelled = auditActions.filter((action) => auditActionLabel(t, action) === action);
      expect(unlabelled, `add audit.actions.<action> to web/src/i18n/${language}.json`).toEqual([]);
    },
  );

  it('keeps event-specific value labels only for actions the server records', () => {
    for (const catalog of Object.values(catalogs)) {
      const unknown = Object.keys(catalog.audit.valueIn).filter(
        (action) => !(auditActions as readonly string[]).includes(action),
      );
      expect(unknown).toEqual([]);
    }
  });

  it('labels a detail value by its event first, then in general, else shows it as recorded', async () => {
    const t = await translator('en');
    expect(auditValueLabel(t, 'account_locked', 'account')).toBe(en.audit.value.account);
    expect(auditValueLabel(t, 'password_reset_capped', 'account')).toBe(en.audit.valueIn.password_reset_capped.account);
    // Channel labels contain i18next's namespace separator; they must still resolve.
    expect(auditValueLabel(t, 'password_reset', 'email:backup')).toBe(en.audit.value['email:backup']);
    expect(auditValueLabel(t, 'recovery_channel_added', 'someone@example.com')).toBe('someone@example.com');
    expect(auditActionLabel(t, 'retired_action')).toBe('retired_action');
  });
});
