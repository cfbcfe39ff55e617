import { and, count, eq, ne, sql } from 'drizzle-orm';
import type { AuditContext } from '../../audit/audit.service.ts';
import { publicLink } from '../../config.ts';
import { commonErrors, defineErrors, raise } from '../../http/app-error.ts';
import type { Locale } from '../../i18n/i18n.ts';
import { openTwoStepResetsInOrg } from '../admin/two-step-reset.service.ts';
import { countActiveFactorsForUsers, factorWaysFromCounts } from '../mfa/two-step-policy.ts';
import { organizations } from '../orgs/org.tables.ts';
import { countWaysBack } from '../recovery/channel-readiness.ts';
import { PasswordService } from '../passwords/password.service.ts';
import { canAssignRole, type Role } from '../roles.ts';
import type { IdentityDependencies } from '../services.ts';
import type { ClientInfo } from '../sessions/session.service.ts';
import type { UserRow } from '../users/user.service.ts';
import { users } from '../users/user.tables.ts';

export const memberErrors = defineErrors({
  ALREADY_MEMBER: { status: 409, code: 'already_member' },
  ROLE_NOT_ALLOWED: { status: 403, code: 'role_not_allowed' },
  LAST_OWNER: { status: 409, code: 'last_owner' },
  NOT_INVITED: { status: 409, code: 'not_invited' },
});

const INVITE_LINK_HOURS = 72;
/** Serialises changes to who the organisation's owners are (role changes, deactivations): it never loses its last owner. */
export const ROLE_CHANGE_LOCK_KEY = 7_245_120;

export function toMember(user: UserRow) {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    phone: user.phone,
    role: user.role,
    status: user.status,
    locked: user.lockedUntil !== null && user.lockedUntil > new Date(),
    lastSignInAt: user.lastSignInAt,
    createdAt: user.createdAt,
    passwordChangedAt: user.passwordChangedAt,
    passwordChangeRequired: user.passwordChangeRequired,
    deactivatedAt: user.deactivatedAt,
    deactivateAt: user.deactivateAt,
  };
}

export class MemberService {
  private readonly passwords: PasswordService;

  constructor(private readonly deps: IdentityDependencies) {
    this.passwords = new PasswordService(deps);
  }

  /** Members with their two-step status and how many ways back they have (the admin console's readiness column). */
  async list(orgId: string) {
    const members = await this.deps.users.listOrgMembers(orgId);
    const ids = members.map((user) => user.id);
    const [factorCounts, channels, pendingResets] = await Promise.all([countActiveFactorsForUsers(this.deps.db, ids), this.deps.channels.verifiedChannelsForUsers(members), openTwoStepResetsInOrg(this.deps, orgId)]);
    return members.map((user) => {
      const factors = factorCounts.get(user.id) ?? { totp: 0, passkeys: 0, sms: 0, recoveryCodes: 0 };
      const methods = [factors.passkeys > 0 ? 'passkey' : null, factors.totp > 0 ? 'totp' : null, factors.sms > 0 ? 'sms' : null].filter((method): method is string => method !== null);
      return {
        ...toMember(user),
        twoStep: { enrolled: methods.length > 0, methods, reenrolRequired: user.twoStepReenrolRequired, resetEffectiveAt: pendingResets.get(user.id) ?? null },
        recoveryWays: countWaysBack(channels.get(user.id) ?? [], factorWaysFromCounts(factors)),
      };
    });
  }

  async invite(actor: UserRow, input: { email: string; name: string; role: Role }, context: AuditContext & { locale: Locale }) {
    if (!canAssignRole(actor.role, 'viewer', input.role)) raise(memberErrors.ROLE_NOT_ALLOWED);
    const email = input.email.trim().toLowerCase();
    const [existing] = await this.deps.db.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) raise(memberErrors.ALREADY_MEMBER);
    const [invited] = await this.deps.db
      .insert(users)
      .values({ orgId: actor.orgId, email, name: input.name.trim(), role: input.role, status: 'invited', locale: context.locale })
      .onConflictDoNothing()
      .returning();
    if (!invited) raise(memberErrors.ALREADY_MEMBER);
    await this.sendInvitation(actor, invited, context.locale);
    await this.deps.audit.record({ action: 'member_invited', orgId: actor.orgId, actorUserId: actor.id, actorLabel: actor.email, targetUserId: invited.id, targetLabel: email, details: { role: input.role } }, context);
    return toMember(invited);
  }

  async resendInvitation(actor: UserRow, memberId: string, context: AuditContext & { locale: Locale }) {
    const member = await this.deps.users.findInOrg(actor.orgId, memberId);
    if (!member) raise(commonErrors.NOT_FOUND);
    if (member.status !== 'invited') raise(memberErrors.NOT_INVITED);
    await this.sendInvitation(actor, member, context.locale);
    await this.deps.audit.record({ action: 'member_invitation_resent', orgId: actor.orgId, actorUserId: actor.id, actorLabel: actor.email, targetUserId: member.id, targetLabel: member.email }, context);
  }

  private async sendInvitation(actor: UserRow, member: UserRow, fallbackLocale: Locale) {
    const token = await this.deps.tokens.issue(member.id, 'invite', INVITE_LINK_HOURS * 60);
    const [organization] = await this.deps.db.select().from(organizations).where(eq(organizations.id, actor.orgId));
    const locale = member.locale === 'zh-CN' || member.locale === 'en' ? member.locale : fallbackLocale;
    await this.deps.mail.send({
      to: member.email,
      userId: member.id,
      template: 'invitation',
      locale,
      params: { name: member.name, inviterName: actor.name, orgName: organization?.name ?? '', hours: INVITE_LINK_HOURS },
      actionUrl: publicLink(this.deps.config, `/invite#token=${token}`),
    });
  }

  async changeRole(actor: UserRow, memberId: string, role: Role, context: AuditContext) {
    const updated = await this.deps.db.transaction(async (transaction) => {
      // Serialise role changes in the organisation so two owners demoting each other cannot leave none.
      await transaction.execute(sql`select pg_advisory_xact_lock(${ROLE_CHANGE_LOCK_KEY})`);
      const [member] = await transaction.select().from(users).where(and(eq(users.orgId, actor.orgId), eq(users.id, memberId)));
      const [current] = await transaction.select().from(users).where(eq(users.id, actor.id));
      if (!member) raise(commonErrors.NOT_FOUND);
      if (!current || member.id === actor.id || !canAssignRole(current.role, member.role, role)) raise(memberErrors.ROLE_NOT_ALLOWED);
      if (member.role === 'owner' && role !== 'owner') {
        const [others] = await transaction
          .select({ owners: count() })
          .from(users)
          .where(and(eq(users.orgId, actor.orgId), eq(users.role, 'owner'), eq(users.status, 'active'), ne(users.id, member.id)));
        if ((others?.owners ?? 0) === 0) raise(memberErrors.LAST_OWNER);
      }
      const [row] = await transaction.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, member.id)).returning();
      if (!row) raise(commonErrors.NOT_FOUND);
      return { row, previousRole: member.role };
    });
    await this.deps.audit.record({ action: 'member_role_changed', orgId: actor.orgId, actorUserId: actor.id, actorLabel: actor.email, targetUserId: updated.row.id, targetLabel: updated.row.email, details: { from: updated.previousRole, to: role } }, context);
    return toMember(updated.row);
  }

  async inspectInvitation(token: string) {
    const state = await this.deps.tokens.inspect(token, 'invite');
    if (!state.valid) return { valid: false as const, reason: state.reason };
    const member = await this.deps.users.findById(state.userId);
    if (member?.status !== 'invited') return { valid: false as const, reason: 'used' as const };
    const { orgName } = await this.passwords.policyFor(member.orgId);
    return { valid: true as const, email: member.email, name: member.name, orgName };
  }

  /** Sets the member's own password (the inviter never sees or chooses one) and activates the account. */
  async acceptInvitation(input: { token: string; name: string; password: string }, context: AuditContext & { client: ClientInfo }) {
    const state = await this.deps.tokens.inspect(input.token, 'invite');
    if (state.valid) {
      const member = await this.deps.users.findById(state.userId);
      if (member) {
        const { policy, orgName } = await this.passwords.policyFor(member.orgId);
        this.passwords.ensureAcceptable(input.password, policy, { name: input.name, email: member.email, orgName });
      }
    }
    const { userId } = await this.deps.tokens.consume(input.token, 'invite');
    const member = await this.deps.users.findById(userId);
    if (member?.status !== 'invited') raise(memberErrors.NOT_INVITED);
    const { policy } = await this.passwords.policyFor(member.orgId);
    const activated = await this.deps.users.update(member.id, {
      name: input.name.trim(),
      status: 'active',
      // Opening the invitation link proves the mailbox.
      emailVerifiedAt: new Date(),
      passwordHash: await this.deps.hasher.hash(input.password),
      passwordChangedAt: new Date(),
      lastSignInAt: new Date(),
      lastSignInIp: context.client.ip,
    });
    const created = await this.deps.sessions.create(activated, policy, false, context.client);
    await this.deps.audit.record({ action: 'invitation_accepted', orgId: member.orgId, actorUserId: member.id, actorLabel: member.email, targetUserId: member.id, targetLabel: member.email, details: { role: member.role } }, { ...context, sessionHash: created.session.id });
    return { ...created, user: { ...activated, lastSignInAt: null, lastSignInIp: null } };
  }
}
