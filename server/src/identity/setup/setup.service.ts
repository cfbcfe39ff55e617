import { count, sql } from 'drizzle-orm';
import type { AuditContext } from '../../audit/audit.service.ts';
import { defineErrors, raise } from '../../http/app-error.ts';
import type { Locale } from '../../i18n/i18n.ts';
import { organizations } from '../orgs/org.tables.ts';
import { defaultRecoveryRule, defaultSecurityPolicy } from '../orgs/security-policy.schema.ts';
import type { IdentityDependencies } from '../services.ts';
import { users } from '../users/user.tables.ts';
import { rejectPassword } from '../passwords/password-rejection.ts';
import { assessPassword } from '../passwords/password-policy.ts';
import { normalizePhone } from '../users/user.service.ts';

export const setupErrors = defineErrors({
  SETUP_DONE: { status: 409, code: 'setup_done' },
  EMAIL_TAKEN: { status: 409, code: 'email_taken' },
  PHONE_INVALID: { status: 400, code: 'phone_invalid' },
});

const SETUP_LOCK_KEY = 7_245_119;

export interface SetupInput {
  orgName: string;
  name: string;
  email: string;
  password: string;
  locale: Locale;
  phone?: string | undefined;
}

/** First run: creates the organisation and its owner. Refused once any user exists (also under concurrency). */
export class SetupService {
  constructor(private readonly deps: IdentityDependencies) {}

  async needsSetup(): Promise<boolean> {
    const [row] = await this.deps.db.select({ users: count() }).from(users);
    return (row?.users ?? 0) === 0;
  }

  async createOrganization(input: SetupInput, context: AuditContext & { via: 'web' | 'cli' }) {
    const email = input.email.trim().toLowerCase();
    const phone = input.phone ? normalizePhone(input.phone) : null;
    if (input.phone && !phone) raise(setupErrors.PHONE_INVALID);
    const assessment = assessPassword(input.password, defaultSecurityPolicy, { name: input.name, email, orgName: input.orgName });
    if (!assessment.valid) rejectPassword(assessment.problems);
    const passwordHash = await this.deps.hasher.hash(input.password);
    const created = await this.deps.db.transaction(async (transaction) => {
      await transaction.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK_KEY})`);
      const [existing] = await transaction.select({ users: count() }).from(users);
      if ((existing?.users ?? 0) > 0) raise(setupErrors.SETUP_DONE);
      const [organization] = await transaction
        .insert(organizations)
        .values({ name: input.orgName.trim(), defaultLocale: input.locale, securityPolicy: { ...defaultSecurityPolicy, recovery: defaultRecoveryRule(input.locale) } })
        .returning();
      if (!organization) throw new Error('organization not created');
      const [owner] = await transaction
        .insert(users)
        .values({ orgId: organization.id, email, phone, name: input.name.trim(), role: 'owner', status: 'active', locale: input.locale, passwordHash, passwordChangedAt: new Date() })
        .returning();
      if (!owner) throw new Error('owner not created');
      return { organization, owner };
    });
    await this.deps.audit.record(
      { action: 'organization_created', orgId: created.organization.id, actorUserId: created.owner.id, actorLabel: email, targetUserId: created.owner.id, targetLabel: email, details: { via: context.via, orgName: created.organization.name } },
      context,
    );
    return created;
  }
}
