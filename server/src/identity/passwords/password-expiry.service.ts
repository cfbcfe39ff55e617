import { and, eq, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { publicLink } from '../../config.ts';
import { organizations } from '../orgs/org.tables.ts';
import type { IdentityDependencies } from '../services.ts';
import { users } from '../users/user.tables.ts';
import { userLocale } from '../login/login.service.ts';

const DAY_MS = 86_400_000;

/**
 * Maximum password age (an admin option, off by default): a reminder mail N days before expiry, once per password.
 * Expired passwords are enforced at request time (403 password_change_required until changed).
 */
export class PasswordExpiryService {
  constructor(private readonly deps: IdentityDependencies) {}

  async sendReminders(now = new Date()): Promise<number> {
    const { db } = this.deps;
    const orgs = await db.select().from(organizations).where(sql`${organizations.securityPolicy}->>'maxAgeDays' is not null`);
    let sent = 0;
    for (const organization of orgs) {
      const { maxAgeDays, expiryReminderDays } = organization.securityPolicy;
      if (maxAgeDays === null) continue;
      const remindBefore = new Date(now.getTime() - (maxAgeDays - expiryReminderDays) * DAY_MS);
      // Claiming the row with a conditional update makes the reminder go out once even with several app processes.
      const claimed = await db
        .update(users)
        .set({ passwordReminderSentAt: now })
        .where(and(eq(users.orgId, organization.id), eq(users.status, 'active'), isNotNull(users.passwordChangedAt), lte(users.passwordChangedAt, remindBefore), isNull(users.passwordReminderSentAt)))
        .returning();
      for (const user of claimed) {
        const expiresAt = new Date((user.passwordChangedAt ?? now).getTime() + maxAgeDays * DAY_MS);
        const daysLeft = Math.max(0, Math.ceil((expiresAt.getTime() - now.getTime()) / DAY_MS));
        await this.deps.mail.send({
          to: user.email,
          userId: user.id,
          template: 'passwordExpiring',
          locale: userLocale(user, organization.defaultLocale === 'zh-CN' ? 'zh-CN' : 'en'),
          params: { name: user.name, days: daysLeft, date: expiresAt.toISOString().slice(0, 10) },
          actionUrl: publicLink(this.deps.config, '/settings/security'),
        });
        await this.deps.audit.record({ action: 'password_expiry_reminder_sent', orgId: organization.id, targetUserId: user.id, targetLabel: user.email, details: { daysLeft } });
        sent += 1;
      }
    }
    return sent;
  }
}
