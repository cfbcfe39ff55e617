export const roles = ['owner', 'admin', 'manager', 'sales', 'viewer'] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  'settings.security',
  'members.read',
  'members.manage',
  'audit.read',
  'mail.manage',
  'outbox.read',
  'crm.read',
  'crm.write',
  'crm.writeAll',
  'crm.delete',
  'crm.export',
  /** CRM settings that shape everyone's work, such as the sales pipeline's stages. */
  'crm.configure',
  'reports.read',
] as const;
export type Permission = (typeof permissions)[number];

const crm: Permission[] = ['crm.read', 'crm.write', 'crm.writeAll', 'crm.delete', 'crm.export', 'reports.read'];

/**
 * What each role may do. Owners alone read the outbox (it holds other people's sign-in links); sales work on their
 * own records (crm.write) while managers act on everyone's (crm.writeAll); viewers only read. crm.export (CSV/XLSX of
 * the lists, always within the data scope) is for everyone who works the CRM, so sales export their own book; viewers
 * read the whole organisation and are the ones who must not carry it out in one file.
 */
export const rolePermissions: Record<Role, readonly Permission[]> = {
  owner: permissions,
  admin: permissions.filter((permission) => permission !== 'outbox.read'),
  manager: ['members.read', ...crm],
  sales: ['crm.read', 'crm.write', 'crm.export', 'reports.read'],
  viewer: ['crm.read', 'reports.read'],
};

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export function hasPermission(role: string, permission: Permission): boolean {
  return isRole(role) && rolePermissions[role].includes(permission);
}

/** Admins manage members below them; only owners touch owners or make someone an owner. */
export function canAssignRole(actorRole: string, targetCurrentRole: string, newRole: Role): boolean {
  if (actorRole === 'owner') return true;
  if (actorRole !== 'admin') return false;
  return targetCurrentRole !== 'owner' && newRole !== 'owner';
}
