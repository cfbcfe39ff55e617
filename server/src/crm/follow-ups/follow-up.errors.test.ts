import { describe, expect, it } from 'vitest';
import { listKeys, translate } from '../../i18n/i18n.ts';
import { taskErrors } from '../tasks/task.errors.ts';
import { followUpErrors } from './follow-up.errors.ts';
import { reminderTitle } from './follow-up.service.ts';
import { followUpTypes } from './follow-up.schema.ts';

describe('follow-up and task messages', () => {
  it('every error code has a message in both catalogs', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const keys = listKeys(locale);
      for (const definition of [...Object.values(followUpErrors), ...Object.values(taskErrors)]) expect(keys, `${locale} ${definition.code}`).toContain(`errors.${definition.code}`);
      for (const type of followUpTypes) expect(translate(locale, `followUps.type.${type}`)).not.toBe(`followUps.type.${type}`);
    }
  });

  it('titles reminders from the customer and the kind of contact, within 200 characters', () => {
    expect(reminderTitle('en', 'Acme Ltd', 'visit')).toBe('Follow up with Acme Ltd (visit)');
    expect(reminderTitle('zh-CN', '华通科技', 'call')).toBe('跟进华通科技（电话）');
    const long = reminderTitle('en', 'N'.repeat(200), 'meeting');
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long).toMatch(/^Follow up with N+… \(meeting\)$/);
  });
});
