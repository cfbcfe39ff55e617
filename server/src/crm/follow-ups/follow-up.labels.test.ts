import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n/i18n.ts';
import { reminderTitle } from './follow-up.service.ts';
import { followUpTypes } from './follow-up.schema.ts';

describe('follow-up and task messages', () => {
  it('every kind of follow-up has a name in both catalogs', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
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
