import { and, eq, isNull } from 'drizzle-orm';
import type { AuditContext } from '../../audit/audit.service.ts';
import { PasswordService } from '../passwords/password.service.ts';
import type { IdentityDependencies } from '../services.ts';
import type { ClientInfo, SessionRow, UserRow } from '../sessions/session.service.ts';
import { sessions } from '../sessions/session.tables.ts';

/** Re-entering the password in a live session ("step-up") before sensitive changes. Issue 4 adds second factors. */
export class StepUpService {
  private readonly passwords: PasswordService;

  constructor(private readonly deps: IdentityDependencies) {
    this.passwords = new PasswordService(deps);
  }

  async reauthenticate(user: UserRow, session: SessionRow, password: string, context: AuditContext & { client: ClientInfo }): Promise<Date> {
    const { policy } = await this.passwords.policyFor(user.orgId);
    await this.passwords.verifyCurrentPassword(user, password, policy, context, 'reauthenticate');
    const now = new Date();
    // The session module has no setter for this column yet; only this one live session is marked.
    await this.deps.db
      .update(sessions)
      .set({ reauthenticatedAt: now })
      .where(and(eq(sessions.id, session.id), isNull(sessions.revokedAt)));
    await this.deps.audit.record({ action: 'reauthenticated', orgId: user.orgId, actorUserId: user.id, actorLabel: user.email, targetUserId: user.id, targetLabel: user.email }, context);
    return new Date(now.getTime() + this.deps.config.stepUpMinutes * 60_000);
  }
}
