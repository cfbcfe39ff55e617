import {
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  CloudOutlined,
  FundOutlined,
  InboxOutlined,
  InsuranceOutlined,
  KeyOutlined,
  MailOutlined,
  PieChartOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  SendOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { createElement } from 'react';
import type { ReactNode } from 'react';
import { api } from '../../api/client';
import type { MailSettings } from '../../api/types';
import { useHasPermission } from '../auth/session-queries';
import type { SettingsKey } from './settings-keys';

export interface SettingsEntry {
  key: SettingsKey;
  path: string;
  icon: ReactNode;
}

export const mailSettingsQueryKey = ['mail-settings'] as const;

export function useMailSettings(enabled = true) {
  return useQuery({
    queryKey: mailSettingsQueryKey,
    queryFn: () => api.get<MailSettings>('/mail/settings'),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** The settings pages this user may open; Me.permissions decides, and the outbox only exists without SMTP. */
export function useSettingsEntries(): SettingsEntry[] {
  const hasPermission = useHasPermission();
  const canManageMail = hasPermission('mail.manage');
  const mailSettings = useMailSettings(canManageMail);
  const outboxActive = canManageMail ? mailSettings.data?.transport === 'outbox' : true;

  const entries: SettingsEntry[] = [
    { key: 'security', path: '/settings/security', icon: createElement(SafetyOutlined) },
    { key: 'twoStep', path: '/settings/two-step', icon: createElement(KeyOutlined) },
    { key: 'recovery', path: '/settings/recovery', icon: createElement(InsuranceOutlined) },
  ];
  if (hasPermission('crm.read')) {
    entries.push({ key: 'apiTokens', path: '/settings/api-tokens', icon: createElement(ApiOutlined) });
  }
  if (hasPermission('settings.security')) {
    entries.push({ key: 'policy', path: '/settings/policy', icon: createElement(SafetyCertificateOutlined) });
  }
  if (hasPermission('members.read')) {
    entries.push({ key: 'members', path: '/settings/members', icon: createElement(TeamOutlined) });
    entries.push({ key: 'teams', path: '/settings/teams', icon: createElement(ApartmentOutlined) });
  }
  if (hasPermission('crm.configure')) {
    entries.push({ key: 'pipeline', path: '/settings/pipeline', icon: createElement(FundOutlined) });
    entries.push({ key: 'poolRule', path: '/settings/pool-rule', icon: createElement(CloudOutlined) });
    entries.push({ key: 'webhooks', path: '/settings/webhooks', icon: createElement(SendOutlined) });
  }
  if (hasPermission('audit.read')) {
    entries.push({ key: 'audit', path: '/settings/audit', icon: createElement(AuditOutlined) });
    entries.push({
      key: 'recoveryReport',
      path: '/settings/recovery-report',
      icon: createElement(PieChartOutlined),
    });
  }
  if (canManageMail) {
    entries.push({ key: 'mail', path: '/settings/mail', icon: createElement(MailOutlined) });
  }
  if (hasPermission('outbox.read') && outboxActive) {
    entries.push({ key: 'outbox', path: '/settings/outbox', icon: createElement(InboxOutlined) });
  }
  return entries;
}
