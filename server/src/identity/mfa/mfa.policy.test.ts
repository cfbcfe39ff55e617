import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createMember, STRONG_PASSWORD } from '../../../test/app.ts';
import { useOrganizationApp } from '../../../test/channel-helpers.ts';
import { enrolTotp, errorCode } from '../../../test/two-step.ts';
import { organizations } from '../orgs/org.tables.ts';
import { defaultSecurityPolicy } from '../orgs/security-policy.schema.ts';

interface TwoStepMe {
  twoStep: { required: boolean; enrolled: boolean; deadline: string | null; setupSuggested: boolean };
  recovery: { ways: number };
}

describe('requiring two-step verification (MF-01)', () => {
  const app = useOrganizationApp();
  const policyWith = (twoStep: Partial<typeof defaultSecurityPolicy.twoStep>, requireTwoStep = true) => ({ policy: { ...defaultSecurityPolicy, requireTwoStep, twoStep: { ...defaultSecurityPolicy.twoStep, ...twoStep } } });

  it('records when it became required, gives a grace period, then answers 403 mfa_enrollment_required until enrolment', async () => {
    const admin = await createMember(app.testApp, app.owner, { email: 'admin@acme.test', name: 'Admin One', role: 'admin' });
    expect((await app.owner.request('PUT', '/api/security-policy', policyWith({ graceDays: 7 }))).statusCode).toBe(200);
    const [org] = await app.db.select().from(organizations);
    expect(org?.twoStepEnforcedAt).toBeInstanceOf(Date);
    const me = (await admin.client.get('/api/auth/session')).json<TwoStepMe>();
    expect(me.twoStep).toMatchObject({ required: true, enrolled: false, setupSuggested: false });
    expect(new Date(me.twoStep.deadline ?? 0).getTime()).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);
    expect((await admin.client.get('/api/members')).statusCode).toBe(200);

    // Enrol the owner first (they change the policy), then end the grace period.
    await enrolTotp(app.owner);
    expect((await app.owner.request('PUT', '/api/security-policy', policyWith({ graceDays: 0 }))).statusCode).toBe(200);
    const blocked = await admin.client.get('/api/members');
    expect(blocked.statusCode).toBe(403);
    expect(errorCode(blocked)).toBe('mfa_enrollment_required');
    expect(errorCode(await admin.client.get('/api/audit'))).toBe('mfa_enrollment_required');
    expect((await admin.client.get('/api/auth/session')).statusCode).toBe(200);
    // Routes that need no session keep answering (the app asks /api/setup/status before anything else).
    expect((await admin.client.get('/api/setup/status')).statusCode).toBe(200);
    expect((await admin.client.get('/api/openapi.json')).statusCode).toBe(200);
    expect((await admin.client.get('/api/me/two-step')).json<{ required: boolean }>().required).toBe(true);
    await enrolTotp(admin.client);
    expect((await admin.client.get('/api/members')).statusCode).toBe(200);
    expect((await admin.client.get('/api/auth/session')).json<TwoStepMe>().twoStep).toMatchObject({ required: true, enrolled: true, deadline: null });
  });

  it('a member promoted to a covered role must enrol; sales members are not covered', async () => {
    const sales = await createMember(app.testApp, app.owner, { email: 'promoted@acme.test', name: 'Promoted Person', role: 'sales' });
    expect(errorCode(await sales.client.get('/api/members'))).not.toBe('mfa_enrollment_required');
    expect((await sales.client.get('/api/auth/session')).json<TwoStepMe>().twoStep).toMatchObject({ required: false, deadline: null });
    expect((await app.owner.request('PATCH', `/api/members/${sales.id}`, { role: 'admin' })).statusCode).toBe(200);
    const promoted = app.testApp.client();
    expect((await promoted.login('promoted@acme.test', STRONG_PASSWORD)).statusCode).toBe(200);
    expect(errorCode(await promoted.get('/api/members'))).toBe('mfa_enrollment_required');
  });

  it('the last factor cannot be removed while required (409 last_factor_required); turning the rule off clears the date', async () => {
    const admin = await createMember(app.testApp, app.owner, { email: 'keeper@acme.test', name: 'Factor Keeper', role: 'admin' });
    const first = await enrolTotp(admin.client, 'Phone');
    const second = await enrolTotp(admin.client, 'Tablet');
    expect((await admin.client.request('DELETE', `/api/me/two-step/totp/${second.factorId}`)).statusCode).toBe(204);
    const refused = await admin.client.request('DELETE', `/api/me/two-step/totp/${first.factorId}`);
    expect(refused.statusCode).toBe(409);
    expect(errorCode(refused)).toBe('last_factor_required');
    // Factors count as ways back: the TOTP device and the recovery-code set, plus the verified e-mail.
    expect((await admin.client.get('/api/auth/session')).json<TwoStepMe>().recovery.ways).toBe(3);
    expect((await app.owner.request('PUT', '/api/security-policy', policyWith({}, false))).statusCode).toBe(200);
    const [org] = await app.db.select().from(organizations).where(eq(organizations.name, 'Acme Trading'));
    expect(org?.twoStepEnforcedAt).toBeNull();
    expect((await admin.client.request('DELETE', `/api/me/two-step/totp/${first.factorId}`)).statusCode).toBe(204);
  });
});
