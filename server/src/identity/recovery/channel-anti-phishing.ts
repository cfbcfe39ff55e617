import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { SecurityPhraseLookup } from '../../messaging/mail.service.ts';
import { organizations } from '../orgs/org.tables.ts';
import { users } from '../users/user.tables.ts';

/**
 * The recipient organisation's anti-phishing phrase, for MailService: looked up at send time so every mail to an
 * account carries it, including mails sent by modules that do not know about it (lock notices, password changes).
 */
export function createSecurityPhraseLookup(db: Database): SecurityPhraseLookup {
  return async (userId) => {
    const [row] = await db
      .select({ policy: organizations.securityPolicy })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(eq(users.id, userId));
    return row?.policy.recovery.antiPhishingPhrase || null;
  };
}
