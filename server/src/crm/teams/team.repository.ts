import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { users } from '../../identity/users/user.tables.ts';
import type { Executor } from '../shared/database.ts';
import { crmTeamMembers, crmTeams } from './team.tables.ts';

export type TeamRow = typeof crmTeams.$inferSelect;
export interface TeamMember {
  id: string;
  name: string;
  role: string;
}

/** Serialises membership changes in one organisation: a user moved by two requests at once ends up in one team. */
const TEAM_MEMBERSHIP_LOCK_KEY = 7_245_121;

/** The only place that queries crm_teams and crm_team_members. */
export class TeamRepository {
  constructor(private readonly db: Database) {}

  async list(orgId: string): Promise<TeamRow[]> {
    return this.db.select().from(crmTeams).where(eq(crmTeams.orgId, orgId)).orderBy(asc(crmTeams.name), asc(crmTeams.id));
  }

  async find(orgId: string, teamId: string): Promise<TeamRow | undefined> {
    const [team] = await this.db
      .select()
      .from(crmTeams)
      .where(and(eq(crmTeams.orgId, orgId), eq(crmTeams.id, teamId)));
    return team;
  }

  async membersOf(teamIds: string[]): Promise<(TeamMember & { teamId: string })[]> {
    if (teamIds.length === 0) return [];
    return this.db
      .select({ teamId: crmTeamMembers.teamId, id: users.id, name: users.name, role: users.role })
      .from(crmTeamMembers)
      .innerJoin(users, eq(users.id, crmTeamMembers.userId))
      .where(inArray(crmTeamMembers.teamId, teamIds))
      .orderBy(asc(users.name), asc(users.id));
  }

  /** The user's team mates, the user included (empty when in no team). */
  async teamMateIds(orgId: string, userId: string): Promise<string[]> {
    const rows = await this.db
      .select({ userId: crmTeamMembers.userId })
      .from(crmTeamMembers)
      .where(and(eq(crmTeamMembers.orgId, orgId), sql`${crmTeamMembers.teamId} = (select team_id from crm_team_members where user_id = ${userId})`));
    return rows.map((row) => row.userId);
  }

  /** Undefined when the name is taken in the organisation (case-insensitive). */
  async create(orgId: string, name: string): Promise<TeamRow | undefined> {
    const [team] = await this.db.insert(crmTeams).values({ orgId, name }).onConflictDoNothing().returning();
    return team;
  }

  /** Undefined when the team is not in the organisation; 'taken' when another team has the name. */
  async rename(orgId: string, teamId: string, name: string): Promise<{ team: TeamRow; previousName: string } | 'taken' | undefined> {
    return this.db.transaction(async (transaction) => {
      const [current] = await transaction
        .select()
        .from(crmTeams)
        .where(and(eq(crmTeams.orgId, orgId), eq(crmTeams.id, teamId)))
        .for('update');
      if (!current) return undefined;
      const [clash] = await transaction
        .select({ id: crmTeams.id })
        .from(crmTeams)
        .where(and(eq(crmTeams.orgId, orgId), sql`lower(${crmTeams.name}) = lower(${name})`, sql`${crmTeams.id} <> ${teamId}`));
      if (clash) return 'taken';
      const [team] = await transaction.update(crmTeams).set({ name, updatedAt: new Date() }).where(eq(crmTeams.id, teamId)).returning();
      return team ? { team, previousName: current.name } : undefined;
    });
  }

  async remove(orgId: string, teamId: string): Promise<TeamRow | undefined> {
    const [team] = await this.db
      .delete(crmTeams)
      .where(and(eq(crmTeams.orgId, orgId), eq(crmTeams.id, teamId)))
      .returning();
    return team;
  }

  /**
   * Makes `userIds` the team's exact membership; each of them leaves any other team. Returns who joined, who left and
   * which other teams the newcomers left, or undefined when the team is not in the organisation.
   */
  async replaceMembers(orgId: string, teamId: string, userIds: string[]): Promise<{ added: string[]; removed: string[]; movedFrom: { userId: string; teamId: string }[] } | undefined> {
    return this.db.transaction(async (transaction) => {
      await lockMemberships(transaction, orgId);
      const [team] = await transaction
        .select({ id: crmTeams.id })
        .from(crmTeams)
        .where(and(eq(crmTeams.orgId, orgId), eq(crmTeams.id, teamId)));
      if (!team) return undefined;
      const before = (await transaction.select({ userId: crmTeamMembers.userId }).from(crmTeamMembers).where(eq(crmTeamMembers.teamId, teamId))).map((row) => row.userId);
      await transaction.delete(crmTeamMembers).where(eq(crmTeamMembers.teamId, teamId));
      let movedFrom: { userId: string; teamId: string }[] = [];
      if (userIds.length > 0) {
        movedFrom = await transaction
          .delete(crmTeamMembers)
          .where(and(eq(crmTeamMembers.orgId, orgId), inArray(crmTeamMembers.userId, userIds)))
          .returning({ userId: crmTeamMembers.userId, teamId: crmTeamMembers.teamId });
        await transaction.insert(crmTeamMembers).values(userIds.map((userId) => ({ userId, teamId, orgId })));
      }
      return { added: userIds.filter((id) => !before.includes(id)), removed: before.filter((id) => !userIds.includes(id)), movedFrom };
    });
  }

  /** Users of the organisation among `userIds` (any status: a deactivated member may still be listed in a team). */
  async usersInOrg(orgId: string, userIds: string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows = await this.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.orgId, orgId), inArray(users.id, userIds)));
    return rows.map((row) => row.id);
  }
}

async function lockMemberships(executor: Executor, orgId: string): Promise<void> {
  await executor.execute(sql`select pg_advisory_xact_lock(${TEAM_MEMBERSHIP_LOCK_KEY}, hashtext(${orgId}))`);
}
