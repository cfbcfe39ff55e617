/**
 * Every action the audit log records. `AuditEntry.action` is typed from this list, so a misspelt or new action
 * does not compile until it is listed here — and the web app's test (web/src/features/audit) then fails until the
 * audit page has an English and a Chinese label for it. No imports: the web app reads this file too.
 */
export const auditActions = [
  // Set-up and members
  'organization_created',
  'member_invited',
  'member_invitation_resent',
  'invitation_accepted',
  'member_created',
  'member_role_changed',
  'security_policy_changed',
  'authorization_denied',
  // Sign-in, lockout and sessions
  'sign_in_succeeded',
  'sign_in_failed',
  'sign_in_failure_ceiling',
  'signed_out',
  'account_locked',
  'account_unlocked',
  'session_expired',
  'session_revoked',
  'sessions_revoked',
  // Personal API tokens (Settings → API tokens)
  'api_token_created',
  'api_token_revoked',
  // Passwords and step-up
  'password_rehashed',
  'password_changed',
  'password_change_failed',
  'password_expiry_reminder_sent',
  'reauthenticated',
  'reauthentication_failed',
  // Self-service recovery
  'password_reset_requested',
  'password_reset_capped',
  'password_reset_refused',
  'password_reset',
  'recovery_code_failed',
  'recovery_code_budget_exhausted',
  'recovery_second_channel_code_sent',
  'recovery_second_channel_verified',
  'security_answers_failed',
  'unlock_link_requested',
  'sms_capped',
  'account_frozen',
  'account_unfrozen',
  // Recovery channels and the sign-in address
  'recovery_channel_added',
  'recovery_channel_verified',
  'recovery_channel_removed',
  'recovery_channel_cancelled',
  'email_changed',
  'phone_changed',
  'email_change_reverted',
  'phone_change_reverted',
  'security_questions_set',
  'security_questions_removed',
  'recovery_setup_required',
  // Two-step verification (TOTP, recovery codes, second sign-in step)
  'sign_in_second_step_required',
  'two_step_factor_added',
  'two_step_factor_removed',
  'two_step_locked',
  'recovery_codes_generated',
  'recovery_code_used',
  'recovery_second_factor_verified',
  'recovery_second_factor_failed',
  // "Trust this browser" (skips the second step after the right password, MF-14)
  'browser_trusted',
  'trusted_browser_used',
  'trusted_browser_revoked',
  // Passkeys
  'passkey_clone_suspected',
  'passkey_backup_lost',
  // Admin-assisted recovery and account lifecycle
  'member_unlocked',
  'member_sessions_ended',
  'member_password_change_required',
  'member_two_step_reset',
  'member_two_step_reset_requested',
  'member_two_step_reset_cancelled',
  'member_contact_replaced',
  'assisted_recovery_link_issued',
  'assisted_recovery_completed',
  'member_deactivated',
  'member_deactivation_scheduled',
  'member_deactivation_cancelled',
  'member_reactivated',
  'member_inactivity_reminder_sent',
  'admin_approval_requested',
  'admin_approval_approved',
  'admin_approval_cancelled',
  'break_glass_link_issued',
  'break_glass_acknowledged',
  // CRM: teams (the manager data scope) and ownership transfers
  'team_created',
  'team_renamed',
  'team_deleted',
  'team_members_changed',
  'crm_records_transferred',
  // CRM: a record (customer, deal, contract, lead) shared with a member beyond his data scope, or no longer
  'crm_record_shared',
  'crm_record_unshared',
  // CRM: the public pool (公海): its rule, and customers the return rule took back from their owner
  'crm_pool_rule_changed',
  'crm_customers_returned_to_pool',
  // CRM: a customer or contact list taken out as CSV/XLSX (record type, format, row count, filters)
  'crm_exported',
  // CRM: a member or the organisation reached an anti-exfiltration quota (rows read, searches, exports); once a window
  'crm_read_quota_exceeded',
  // CRM: a CSV/XLSX import that ended (record type, rows, created/updated/skipped/errors, how it ended)
  'crm_imported',
  // CRM: money received against contracts, and who may read every contract (finance read access)
  'crm_payment_recorded',
  'crm_payment_deleted',
  'crm_contract_reader_granted',
  'crm_contract_reader_revoked',
  'pipeline_changed',
  // CRM: outgoing webhooks (endpoints, secret rotation; disabled by the server after failing for days)
  'webhook_endpoint_created',
  'webhook_endpoint_updated',
  'webhook_endpoint_deleted',
  'webhook_secret_rotated',
  'webhook_endpoint_disabled',
  // Mail
  'mail_test_sent',
  'outbox_message_read',
] as const;

export type AuditAction = (typeof auditActions)[number];
