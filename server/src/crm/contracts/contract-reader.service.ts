import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AuditContext } from '../../audit/audit.service.ts';
import { commonErrors, raise } from '../../http/app-error.ts';
import type { IdentityDependencies } from '../../identity/services.ts';
import type { UserRow } from '../../identity/users/user.service.ts';
import { users } from '../../identity/users/user.tables.ts';
import { isUuid } from '../shared/database.ts';
import { crmContractReaders } from './contract-reader.tables.ts';
import { contractErrors } from './contract.errors.ts';

const grantor = alias(users, 'grantor');

/**
 * Finance read access (财务查看权限): owners and admins let a member read every contract and payment of the
 * organisation without giving them a wider role. The routes ask for members.manage and a recent step-up; each grant
 * and revocation that changes something is audited.
 */
export class ContractReaderService {
  constructor(private readonly identity: IdentityDependencies) {}

  async list(orgId: string) {
    return this.identity.db
      .select({ userId: users.id, name: users.name, email: users.email, role: users.role, status: users.status, grantedAt: crmContractReaders.grantedAt, grantedByName: grantor.name })
      .from(crmContractReaders)
      .innerJoin(users, eq(users.id, crmContractReaders.userId))
      .leftJoin(grantor, eq(grantor.id, crmContractReaders.grantedBy))
      .where(eq(crmContractReaders.orgId, orgId))
      .orderBy(asc(users.name), asc(users.id));
  }

  /** Idempotent: granting again changes nothing and records nothing. */
  async grant(actor: UserRow, rawUserId: string, context: AuditContext): Promise<{ userId: string; grantedAt: Date }> {
    const member = await this.memberOf(actor, rawUserId);
    if (member.status === 'deactivated') raise(contractErrors.READER_INACTIVE);
    const [inserted] = await this.identity.db.insert(crmContractReaders).values({ orgId: actor.orgId, userId: member.id, grantedBy: actor.id }).onConflictDoNothing().returning();
    if (inserted) {
      await this.identity.audit.record({ action: 'crm_contract_reader_granted', orgId: actor.orgId, actorUserId: actor.id, actorLabel: actor.email, targetUserId: member.id, targetLabel: member.email }, context);
      return { userId: member.id, grantedAt: inserted.grantedAt };
    }
    const [existing] = await this.identity.db
      .select({ grantedAt: crmContractReaders.grantedAt })
      .from(crmContractReaders)
      .where(and(eq(crmContractReaders.orgId, actor.orgId), eq(crmContractReaders.userId, member.id)));
    return { userId: member.id, grantedAt: existing?.grantedAt ?? new Date() };
  }

  /** Idempotent like grant; takes effect on the member's next request (the scope is read from the table each time). */
  async revoke(actor: UserRow, rawUserId: string, context: AuditContext): Promise<void> {
    const member = await this.memberOf(actor, rawUserId);
    const removed = await this.identity.db
      .delete(crmContractReaders)
      .where(and(eq(crmContractReaders.orgId, actor.orgId), eq(crmContractReaders.userId, member.id)))
      .returning({ userId: crmContractReaders.userId });
    if (removed.length > 0) {
      await this.identity.audit.record({ action: 'crm_contract_reader_revoked', orgId: actor.orgId, actorUserId: actor.id, actorLabel: actor.email, targetUserId: member.id, targetLabel: member.email }, context);
    }
  }

  /** A member of the actor's organisation; anyone else (or a malformed id) is simply not found. */
  private async memberOf(actor: UserRow, rawUserId: string): Promise<UserRow> {
    const member = isUuid(rawUserId) ? await this.identity.users.findInOrg(actor.orgId, rawUserId.toLowerCase()) : undefined;
    if (!member) raise(commonErrors.NOT_FOUND);
    return member;
  }
}
