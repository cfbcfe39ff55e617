import type { Locale } from '../../i18n/i18n.ts';
import { translate } from '../../i18n/i18n.ts';
import { raise, type ErrorDefinition } from '../../http/app-error.ts';
import type { AuditContext } from '../../audit/audit.service.ts';
import type { IdentityDependencies } from '../../identity/services.ts';
import { userLocale } from '../../identity/login/login.service.ts';
import { publicLink } from '../../config.ts';
import type { OrganizationRow } from '../../identity/sessions/session.service.ts';
import type { UserRow } from '../../identity/users/user.service.ts';
import { readQuotaErrors } from './read-quota.errors.ts';
import { SlidingWindowCounter } from './sliding-window.ts';

/** What one quota counts: rows read through the CRM API, searches and duplicate checks, or exports started. */
export type QuotaKind = 'rows' | 'lookups' | 'exports';
export type QuotaScope = 'member' | 'organization';

export interface ReadQuotaLimits {
  rowsPerMember: number;
  rowsPerOrganization: number;
  lookupsPerMember: number;
  /** Window of the row and lookup quotas. */
  windowMinutes: number;
  exportsPerMember: number;
  exportsPerOrganization: number;
  exportWindowMinutes: number;
}

/** Who reads: the member (session or API token owner) and the organisation. */
export interface QuotaCaller {
  user: UserRow;
  organization: OrganizationRow;
  context: AuditContext & { locale: Locale };
}

interface Quota {
  kind: QuotaKind;
  scope: QuotaScope;
  limit: number;
  windowMinutes: number;
  counter: SlidingWindowCounter;
  error: ErrorDefinition;
}

/**
 * Anti-exfiltration quotas (SECURITY AZ-09): a member, or an organisation as a whole, that reads records faster than
 * any person works through a list gets 429 with Retry-After until the sliding window lets it in again; the first
 * refusal in a window is audited (`crm_read_quota_exceeded`) and mailed to the owners and admins.
 *
 * Counted in this process's memory like the other coarse request limits (http/rate-limits.ts): with several app
 * processes behind a balancer each holds its own count, so the effective ceiling is the limit times the processes.
 */
export class ReadQuotas {
  private readonly quotas: Record<`${QuotaKind}:${QuotaScope}`, Quota>;
  /** When the last alert for a quota key was raised: one alert per key and window. */
  private readonly alerted = new Map<string, number>();

  constructor(
    private readonly identity: IdentityDependencies,
    limits: ReadQuotaLimits,
    private readonly now: () => number = Date.now,
  ) {
    const quota = (kind: QuotaKind, scope: QuotaScope, limit: number, windowMinutes: number, error: ErrorDefinition): Quota => ({ kind, scope, limit, windowMinutes, error, counter: new SlidingWindowCounter(windowMinutes, now) });
    this.quotas = {
      'rows:member': quota('rows', 'member', limits.rowsPerMember, limits.windowMinutes, readQuotaErrors.ROWS_EXCEEDED),
      'rows:organization': quota('rows', 'organization', limits.rowsPerOrganization, limits.windowMinutes, readQuotaErrors.ROWS_EXCEEDED),
      'lookups:member': quota('lookups', 'member', limits.lookupsPerMember, limits.windowMinutes, readQuotaErrors.LOOKUPS_EXCEEDED),
      // Lookups are rows too (each search reads), so the organisation's row quota already covers them.
      'lookups:organization': quota('lookups', 'organization', Number.POSITIVE_INFINITY, limits.windowMinutes, readQuotaErrors.LOOKUPS_EXCEEDED),
      'exports:member': quota('exports', 'member', limits.exportsPerMember, limits.exportWindowMinutes, readQuotaErrors.EXPORTS_EXCEEDED),
      'exports:organization': quota('exports', 'organization', limits.exportsPerOrganization, limits.exportWindowMinutes, readQuotaErrors.EXPORTS_EXCEEDED),
    };
  }

  /** Before a read: 429 when the member or the organisation is over a quota of this kind (rows are always checked). */
  async admit(caller: QuotaCaller, kind: QuotaKind): Promise<void> {
    const kinds: QuotaKind[] = kind === 'lookups' ? ['rows', 'lookups'] : [kind];
    for (const checked of kinds) {
      for (const scope of ['member', 'organization'] as const) {
        const quota = this.quotas[`${checked}:${scope}`];
        const key = scope === 'member' ? caller.user.id : caller.organization.id;
        if (quota.counter.total(key) < quota.limit) continue;
        const retryAfter = quota.counter.secondsUntilBelow(key, quota.limit);
        await this.alertOnce(quota, key, caller);
        raise(quota.error, { minutes: Math.ceil(retryAfter / 60) }, { 'retry-after': String(retryAfter) });
      }
    }
    // Searches and exports count when they are let in, whatever they find: asking is what an oracle is used for.
    if (kind !== 'rows') this.count(caller, kind, 1);
  }

  /** After a read: what it returned. */
  count(caller: Pick<QuotaCaller, 'user' | 'organization'>, kind: QuotaKind, amount: number): void {
    this.quotas[`${kind}:member`].counter.add(caller.user.id, amount);
    this.quotas[`${kind}:organization`].counter.add(caller.organization.id, amount);
  }

  private async alertOnce(quota: Quota, key: string, caller: QuotaCaller): Promise<void> {
    const alertKey = `${quota.kind}:${quota.scope}:${key}`;
    const last = this.alerted.get(alertKey);
    if (last !== undefined && this.now() - last < quota.windowMinutes * 60_000) return;
    this.alerted.set(alertKey, this.now());
    for (const [stale, at] of this.alerted) if (this.now() - at >= quota.windowMinutes * 60_000 && stale !== alertKey) this.alerted.delete(stale);
    const { user, organization, context } = caller;
    await this.identity.audit.record(
      {
        action: 'crm_read_quota_exceeded',
        orgId: organization.id,
        actorUserId: user.id,
        actorLabel: user.email,
        targetUserId: quota.scope === 'member' ? user.id : null,
        targetLabel: quota.scope === 'member' ? user.email : organization.name,
        outcome: 'failure',
        details: { quota: quota.kind, scope: quota.scope, limit: quota.limit, windowMinutes: quota.windowMinutes },
      },
      context,
    );
    await this.mailAdmins(quota, caller);
  }

  private async mailAdmins(quota: Quota, caller: QuotaCaller): Promise<void> {
    const { user, organization, context } = caller;
    const admins = (await this.identity.users.listOrgMembers(organization.id)).filter((member) => (member.role === 'owner' || member.role === 'admin') && member.status === 'active');
    for (const admin of admins) {
      const locale = userLocale(admin, context.locale);
      const params = { limit: quota.limit, minutes: quota.windowMinutes, memberName: user.name, memberEmail: user.email, orgName: organization.name };
      await this.identity.mail.send({
        to: admin.email,
        userId: admin.id,
        template: 'crmReadQuotaAlert',
        locale,
        params: {
          name: admin.name,
          orgName: organization.name,
          what: translate(locale, `mail.crmReadQuotaAlert.${quota.kind}_${quota.scope}`, params),
          ip: context.ip ?? '',
          linkOrigin: this.identity.config.publicUrl.origin,
        },
        actionUrl: publicLink(this.identity.config, '/settings/audit'),
      });
    }
  }
}
