import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createCustomer, errorOf, useCrmOrganization } from '../../../test/crm.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import type { Team } from './team.schema.ts';

describe('teams', () => {
  const org = useCrmOrganization();

  const teams = async () => (await org.owner.client.get('/api/teams')).json<{ items: Team[] }>().items;
  const auditOf = (action: string) =>
    org.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.actorUserId, org.owner.id)))
      .orderBy(asc(auditEvents.id));

  it('lists teams with their members', async () => {
    const response = await org.managerNorth.client.get('/api/teams');
    expect(response.statusCode, response.body).toBe(200);
    const north = response.json<{ items: Team[] }>().items.find((team) => team.id === org.teams.north);
    expect(north).toEqual({
      id: org.teams.north,
      name: 'North',
      memberIds: expect.arrayContaining([org.managerNorth.id, org.salesA.id]) as string[],
      members: expect.arrayContaining([
        { id: org.managerNorth.id, name: 'Nora North', role: 'manager' },
        { id: org.salesA.id, name: 'Alice Sales', role: 'sales' },
      ]) as unknown[],
    });
    expect(north?.memberIds).toHaveLength(2);
  });

  it('creates, renames and deletes teams (names unique per organisation, any case), audited', async () => {
    const created = await org.owner.client.post('/api/teams', { name: '  East  ' });
    expect(created.statusCode, created.body).toBe(201);
    const east = created.json<Team>();
    expect(east).toEqual({ id: east.id, name: 'East', memberIds: [], members: [] });
    expect(errorOf(await org.owner.client.post('/api/teams', { name: 'EAST' }))).toEqual({ status: 409, code: 'crm.team_name_taken' });
    expect(errorOf(await org.owner.client.post('/api/teams', { name: ' ' }))).toEqual({ status: 400, code: 'validation_failed' });
    expect(errorOf(await org.owner.client.post('/api/teams', { name: 'West', orgId: org.foreigner.id }))).toEqual({ status: 400, code: 'validation_failed' });

    expect(errorOf(await org.owner.client.request('PATCH', `/api/teams/${east.id}`, { name: 'north' }))).toEqual({ status: 409, code: 'crm.team_name_taken' });
    const renamed = await org.owner.client.request('PATCH', `/api/teams/${east.id}`, { name: 'East China' });
    expect(renamed.json<Team>().name).toBe('East China');
    expect((await auditOf('team_renamed')).at(-1)?.details).toEqual({ teamId: east.id, from: 'East', to: 'East China' });

    expect((await org.owner.client.request('DELETE', `/api/teams/${east.id}`)).statusCode).toBe(204);
    expect((await teams()).map((team) => team.id)).not.toContain(east.id);
    expect(errorOf(await org.owner.client.request('DELETE', `/api/teams/${east.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect((await auditOf('team_created')).map((event) => event.details)).toContainEqual({ teamId: east.id, name: 'East' });
    expect((await auditOf('team_deleted')).map((event) => event.details)).toContainEqual({ teamId: east.id, name: 'East China' });
  });

  it('a member is in one team at most: joining another team leaves the first; the manager scope follows', async () => {
    const customer = await createCustomer(org.loner.client);
    expect((await org.managerNorth.client.get(`/api/customers/${customer.id}`)).statusCode).toBe(404);

    const moved = await org.owner.client.request('PUT', `/api/teams/${org.teams.north}/members`, { userIds: [org.managerNorth.id, org.salesA.id, org.loner.id, org.loner.id] });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<Team>().memberIds.sort()).toEqual([org.managerNorth.id, org.salesA.id, org.loner.id].sort());
    expect((await org.managerNorth.client.get(`/api/customers/${customer.id}`)).statusCode).toBe(200);

    // Moving Leo to South takes him out of North.
    const south = await org.owner.client.request('PUT', `/api/teams/${org.teams.south}/members`, { userIds: [org.managerSouth.id, org.salesB.id, org.loner.id] });
    expect(south.statusCode).toBe(200);
    const all = await teams();
    expect(all.find((team) => team.id === org.teams.north)?.memberIds.sort()).toEqual([org.managerNorth.id, org.salesA.id].sort());
    expect((await org.managerNorth.client.get(`/api/customers/${customer.id}`)).statusCode).toBe(404);
    expect((await org.managerSouth.client.get(`/api/customers/${customer.id}`)).statusCode).toBe(200);
    const event = (await auditOf('team_members_changed')).filter((row) => (row.details as { teamId?: string }).teamId === org.teams.south).at(-1);
    expect(event?.details).toMatchObject({ teamId: org.teams.south, added: [org.loner.id], removed: [], movedFrom: [{ userId: org.loner.id, teamId: org.teams.north }] });

    // Deleting a team keeps everyone's records; the manager then sees only his own.
    const temporary = (await org.owner.client.post('/api/teams', { name: 'Temporary' })).json<Team>();
    expect((await org.owner.client.request('PUT', `/api/teams/${temporary.id}/members`, { userIds: [org.managerSouth.id, org.loner.id] })).statusCode).toBe(200);
    expect((await org.owner.client.request('DELETE', `/api/teams/${temporary.id}`)).statusCode).toBe(204);
    expect((await org.managerSouth.client.get(`/api/customers/${customer.id}`)).statusCode).toBe(404);
    expect((await org.loner.client.get(`/api/customers/${customer.id}`)).json()).toMatchObject({ ownerId: org.loner.id });
    expect((await org.owner.client.request('PUT', `/api/teams/${org.teams.south}/members`, { userIds: [org.managerSouth.id, org.salesB.id] })).statusCode).toBe(200);
  });

  it('two requests putting the same member in two teams at once: he ends up in exactly one, no 500', async () => {
    const one = (await org.owner.client.post('/api/teams', { name: 'Race One' })).json<Team>();
    const two = (await org.owner.client.post('/api/teams', { name: 'Race Two' })).json<Team>();
    const results = await Promise.all([
      org.owner.client.request('PUT', `/api/teams/${one.id}/members`, { userIds: [org.loner.id] }),
      org.admin.client.request('PUT', `/api/teams/${two.id}/members`, { userIds: [org.loner.id] }),
    ]);
    expect(results.map((response) => response.statusCode)).toEqual([200, 200]);
    const holding = (await teams()).filter((team) => team.memberIds.includes(org.loner.id));
    expect(holding).toHaveLength(1);
  });

  it('refuses other organisations\' members, unknown and malformed ids with 404, and non-admins with 403', async () => {
    const put = (id: string, userIds: string[]) => org.owner.client.request('PUT', `/api/teams/${id}/members`, { userIds });
    expect(errorOf(await put(org.teams.north, [org.managerNorth.id, org.foreigner.id]))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await put(org.teams.north, ['00000000-0000-4000-8000-000000000000']))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await put('00000000-0000-4000-8000-000000000000', []))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await put('not-a-uuid', []))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await put(org.teams.north, ['not-a-uuid']))).toEqual({ status: 400, code: 'validation_failed' });
    expect(errorOf(await put(org.teams.north, Array.from({ length: 501 }, () => org.salesA.id)))).toEqual({ status: 400, code: 'validation_failed' });
    expect((await teams()).find((team) => team.id === org.teams.north)?.memberIds).toHaveLength(2);

    // Another organisation's owner sees none of these teams and cannot touch them.
    expect((await org.foreigner.client.get('/api/teams')).json()).toEqual({ items: [] });
    expect(errorOf(await org.foreigner.client.request('PATCH', `/api/teams/${org.teams.north}`, { name: 'Taken over' }))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.foreigner.client.request('DELETE', `/api/teams/${org.teams.north}`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.foreigner.client.request('PUT', `/api/teams/${org.teams.north}/members`, { userIds: [org.foreigner.id] }))).toEqual({ status: 404, code: 'crm.not_found' });

    for (const member of [org.salesA, org.viewer]) {
      expect(errorOf(await member.client.get('/api/teams'))).toEqual({ status: 403, code: 'forbidden' });
    }
    for (const member of [org.managerNorth, org.salesA, org.viewer]) {
      expect(errorOf(await member.client.post('/api/teams', { name: 'Mine' }))).toEqual({ status: 403, code: 'forbidden' });
      expect(errorOf(await member.client.request('PUT', `/api/teams/${org.teams.north}/members`, { userIds: [member.id] }))).toEqual({ status: 403, code: 'forbidden' });
      expect(errorOf(await member.client.request('DELETE', `/api/teams/${org.teams.north}`))).toEqual({ status: 403, code: 'forbidden' });
    }
    expect((await teams()).find((team) => team.id === org.teams.north)?.name).toBe('North');
  });
});
