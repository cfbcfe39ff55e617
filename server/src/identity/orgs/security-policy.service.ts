import { eq } from 'drizzle-orm';
import type { AuditContext } from '../../audit/audit.service.ts';
import type { AuditService } from '../../audit/audit.service.ts';
import type { Database } from '../../db/client.ts';
import type { UserRow } from '../users/user.service.ts';
import { organizations } from './org.tables.ts';
import { adminRecoveryRule, defaultSecurityPolicy, lifecycleRule, listPolicyWeaknesses, securityPolicyPresets, type SecurityPolicy } from './security-policy.schema.ts';

function changedKeys(before: SecurityPolicy, after: SecurityPolicy): string[] {
  const flatten = (policy: SecurityPolicy): Array<[string, unknown]> =>
    Object.entries(policy as Record<string, unknown>).flatMap(([key, value]): Array<[string, unknown]> =>
      value !== null && typeof value === 'object' ? Object.entries(value).map(([inner, innerValue]): [string, unknown] => [`${key}.${inner}`, innerValue]) : [[key, value]],
    );
  const previous = new Map(flatten(before));
  return flatten(after)
    .filter(([key, value]) => JSON.stringify(previous.get(key)) !== JSON.stringify(value))
    .map(([key]) => key);
}

export class SecurityPolicyService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  async get(orgId: string) {
    const [organization] = await this.db.select().from(organizations).where(eq(organizations.id, orgId));
    const stored = organization?.securityPolicy ?? defaultSecurityPolicy;
    // A policy saved before a setting existed reads with that setting's default.
    const policy: SecurityPolicy = { ...stored, lifecycle: lifecycleRule(stored), adminRecovery: adminRecoveryRule(stored) };
    return { policy, defaults: defaultSecurityPolicy, presets: securityPolicyPresets, weaknesses: listPolicyWeaknesses(policy) };
  }

  /** Saves the policy; every change is audited with the keys changed and the weaker-than-default choices. */
  async update(actor: UserRow, submitted: SecurityPolicy, context: AuditContext) {
    const { policy: before } = await this.get(actor.orgId);
    // A client that does not know the lifecycle or admin-recovery setting leaves it as it is.
    const policy: SecurityPolicy = { ...submitted, lifecycle: submitted.lifecycle ?? before.lifecycle, adminRecovery: submitted.adminRecovery ?? before.adminRecovery };
    const now = new Date();
    // The grace period for users who must enrol counts from the moment two-step became required; turning the
    // requirement off clears it, so turning it on again starts a new grace period.
    const enforcedAt = policy.requireTwoStep === before.requireTwoStep ? {} : { twoStepEnforcedAt: policy.requireTwoStep ? now : null };
    await this.db
      .update(organizations)
      .set({ securityPolicy: policy, updatedAt: now, ...enforcedAt })
      .where(eq(organizations.id, actor.orgId));
    const weaknesses = listPolicyWeaknesses(policy);
    await this.audit.record(
      { action: 'security_policy_changed', orgId: actor.orgId, actorUserId: actor.id, actorLabel: actor.email, details: { changed: changedKeys(before, policy), weaknesses, policy } },
      context,
    );
    return { policy, weaknesses };
  }
}
