import { useMemo } from 'react';
import type { MemberListItem, RoleName } from '../../api/types';
import { useMembers } from '../members/member-queries';
import { useCrmPermissions } from './use-crm-permissions';

/** Roles that may own CRM records (crm.write); viewers only read. */
export const OWNER_ROLES: ReadonlySet<RoleName> = new Set<RoleName>(['owner', 'admin', 'manager', 'sales']);

export interface MemberDirectory {
  /** Every member of the organisation the user may list; empty without members.read. */
  members: MemberListItem[];
  /** Active members who can own records: the choices for an owner or a transfer. */
  assignable: MemberListItem[];
  loading: boolean;
  nameOf: (id: string) => string | undefined;
}

/** The members list (shared with Settings → Members, one request), when the role may read it. */
export function useMemberDirectory(): MemberDirectory {
  const { canListMembers } = useCrmPermissions();
  const query = useMembers(canListMembers);
  return useMemo(() => {
    const members = canListMembers ? (query.data ?? []) : [];
    const names = new Map(members.map((member) => [member.id, member.name]));
    return {
      members,
      assignable: members.filter((member) => member.status === 'active' && OWNER_ROLES.has(member.role)),
      loading: canListMembers && query.isPending,
      nameOf: (id: string) => names.get(id),
    };
  }, [canListMembers, query.data, query.isPending]);
}
