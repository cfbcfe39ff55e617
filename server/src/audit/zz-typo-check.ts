import type { AuditService } from './audit.service.ts';
export async function typo(audit: AuditService, kind: 'email' | 'phone'): Promise<void> {
  await audit.record({ action: 'sign_in_suceeded' });
  const action = kind === 'email' ? 'email_changed' : 'phone_chnaged';
  await audit.record({ action });
}
