import { useHasPermission } from '../auth/session-queries';

export interface CrmPermissions {
  canRead: boolean;
  /** Create records and edit one's own (crm.write) or anyone's (crm.writeAll). */
  canWrite: boolean;
  canWriteAll: boolean;
  canDelete: boolean;
  /** The members list (owner filter, transfer picker) needs members.read; sales pick only from what the API names. */
  canListMembers: boolean;
}

/**
 * What the role allows in general. Each record also carries canEdit / canDelete, which decide for that record (a
 * salesperson edits only their own): these flags only hide actions that could never succeed.
 */
export function useCrmPermissions(): CrmPermissions {
  const hasPermission = useHasPermission();
  const canWriteAll = hasPermission('crm.writeAll');
  return {
    canRead: hasPermission('crm.read'),
    canWrite: canWriteAll || hasPermission('crm.write'),
    canWriteAll,
    canDelete: hasPermission('crm.delete'),
    canListMembers: hasPermission('members.read'),
  };
}
