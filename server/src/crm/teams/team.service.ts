import type { AuditContext } from '../../audit/audit.service.ts';
import { raise } from '../../http/app-error.ts';
import type { IdentityDependencies } from '../../identity/services.ts';
import type { UserRow } from '../../identity/users/user.service.ts';
import { accessErrors } from '../access/access.errors.ts';
import { isUuid } from '../shared/database.ts';
import { teamErrors } from './team.errors.ts';
import { TeamRepository, type TeamRow } from './team.repository.ts';
import type { Team } from './team.schema.ts';

/** Teams: the org structure the manager's data scope follows. Changes are audited; records keep their owners. */
export class TeamService {
  private readonly repository: TeamRepository;

  constructor(private readonly deps: IdentityDependencies) {
    this.repository = new TeamRepository(deps.db);
  }

  /** Who a manager in this user's team sees records of: the team (the user included), or only the user. */
  async teamMateIds(orgId: string, userId: string): Promise<string[]> {
    const mates = await this.repository.teamMateIds(orgId, userId);
    return mates.includes(userId) ? mates : [userId, ...mates];
  }

  async list(orgId: string): Promise<Team[]> {
    const teams = await this.repository.list(orgId);
    return this.withMembers(teams);
  }

  async create(actor: UserRow, name: string, context: AuditContext): Promise<Team> {
    const team = await this.repository.create(actor.orgId, name);
    if (!team) raise(teamErrors.TEAM_NAME_TAKEN);
    await this.audit(actor, 'team_created', { teamId: team.id, name }, context);
    return { id: team.id, name: team.name, memberIds: [], members: [] };
  }

  async rename(actor: UserRow, teamId: string, name: string, context: AuditContext): Promise<Team> {
    const result = isUuid(teamId) ? await this.repository.rename(actor.orgId, teamId, name) : undefined;
    if (!result) raise(accessErrors.NOT_FOUND);
    if (result === 'taken') raise(teamErrors.TEAM_NAME_TAKEN);
    if (result.previousName !== name) await this.audit(actor, 'team_renamed', { teamId, from: result.previousName, to: name }, context);
    return this.one(result.team);
  }

  async remove(actor: UserRow, teamId: string, context: AuditContext): Promise<void> {
    const team = isUuid(teamId) ? await this.repository.remove(actor.orgId, teamId) : undefined;
    if (!team) raise(accessErrors.NOT_FOUND);
    await this.audit(actor, 'team_deleted', { teamId, name: team.name }, context);
  }

  async replaceMembers(actor: UserRow, teamId: string, userIds: string[], context: AuditContext): Promise<Team> {
    if (!isUuid(teamId)) raise(accessErrors.NOT_FOUND);
    const unique = [...new Set(userIds.map((id) => id.toLowerCase()))];
    // Every id must be a member of this organisation; ids of other organisations answer like unknown ones.
    const known = await this.repository.usersInOrg(actor.orgId, unique);
    if (known.length !== unique.length) raise(accessErrors.NOT_FOUND);
    const changed = await this.repository.replaceMembers(actor.orgId, teamId, unique);
    if (!changed) raise(accessErrors.NOT_FOUND);
    const team = await this.repository.find(actor.orgId, teamId);
    if (!team) raise(accessErrors.NOT_FOUND);
    if (changed.added.length > 0 || changed.removed.length > 0) {
      await this.audit(actor, 'team_members_changed', { teamId, name: team.name, added: changed.added, removed: changed.removed, movedFrom: changed.movedFrom }, context);
    }
    return this.one(team);
  }

  private async one(team: TeamRow): Promise<Team> {
    const [result] = await this.withMembers([team]);
    if (!result) throw new Error('team vanished');
    return result;
  }

  private async withMembers(teams: TeamRow[]): Promise<Team[]> {
    const members = await this.repository.membersOf(teams.map((team) => team.id));
    return teams.map((team) => {
      const own = members.filter((member) => member.teamId === team.id).map(({ id, name, role }) => ({ id, name, role }));
      return { id: team.id, name: team.name, memberIds: own.map((member) => member.id), members: own };
    });
  }

  private async audit(actor: UserRow, action: 'team_created' | 'team_renamed' | 'team_deleted' | 'team_members_changed', details: Record<string, unknown>, context: AuditContext) {
    await this.deps.audit.record({ action, orgId: actor.orgId, actorUserId: actor.id, actorLabel: actor.email, details }, context);
  }
}
