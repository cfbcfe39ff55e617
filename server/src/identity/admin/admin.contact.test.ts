import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createMember, STRONG_PASSWORD } from '../../../test/app.ts';
import { latestMail, linkTokenIn, textsTo, useOrganizationApp } from '../../../test/channel-helpers.ts';
import { errorCode } from '../../../test/two-step.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { users } from '../users/user.tables.ts';

/** AD-03: an admin replaces a member's lost e-mail or mobile number without opening a takeover path. */

const verification = { method: 'manager_confirmation' as const, note: 'confirmed by team lead Zhao' };

describe('admin replaces a lost address', () => {
  const org = useOrganizationApp();
  let counter = 0;

  async function member() {
    counter += 1;
    const email = `contact${counter}@acme.test`;
    const created = await createMember(org.testApp, org.owner, { email, name: `Contact ${counter}`, role: 'sales' });
    return { ...created, email };
  }

  async function userRow(id: string) {
    const [row] = await org.db.select().from(users).where(eq(users.id, id));
    return row;
  }

  it('a new e-mail changes nothing until it confirms; resets still go to the old proven address only', async () => {
    const target = await member();
    const replaced = await org.owner.post(`/api/members/${target.id}/contact`, { kind: 'email', address: ' Attacker@Evil.test ', verification });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json<{ pending: boolean; address: string }>()).toMatchObject({ pending: true, address: 'attacker@evil.test' });
    expect((await userRow(target.id))?.email).toBe(target.email);
    // The pending address is not a way in: sign-in and "forgot password" know only the old one.
    expect((await org.testApp.client().login('attacker@evil.test', STRONG_PASSWORD)).statusCode).toBe(401);
    const channels = await org.testApp.context.identity.channels.verifiedChannels((await userRow(target.id))!);
    expect(channels.map((channel) => channel.address)).not.toContain('attacker@evil.test');
    // The member is told on the old address, with a "this wasn't me" link; the admin is the recorded actor.
    expect((await latestMail(org.db, target.email, 'adminActionWithFreeze'))?.textBody).toMatch(/#token=/);
    const [event] = await org.db.select().from(auditEvents).where(eq(auditEvents.action, 'member_contact_replaced'));
    expect(event).toMatchObject({ actorLabel: 'owner@acme.test', targetLabel: target.email });
    expect(event?.details).toMatchObject({ stage: 'requested', verification: 'manager_confirmation', address: 'attacker@evil.test' });
  });

  it('confirming the link at the new address completes the change and sends the old one a revert link', async () => {
    const target = await member();
    await org.owner.post(`/api/members/${target.id}/contact`, { kind: 'email', address: 'new.inbox@acme.test', verification });
    const token = linkTokenIn((await latestMail(org.db, 'new.inbox@acme.test', 'contactConfirm'))?.textBody);
    const visitor = org.testApp.client({ ip: '203.0.113.60' });
    expect((await visitor.get(`/api/contact-confirmations/${token}`)).json<unknown>()).toMatchObject({ valid: true, kind: 'email', address: 'new.inbox@acme.test' });
    const confirmed = await visitor.post('/api/contact-confirmations/confirm', { token });
    expect(confirmed.json<unknown>()).toMatchObject({ kind: 'email', email: 'new.inbox@acme.test' });
    expect((await userRow(target.id))?.email).toBe('new.inbox@acme.test');
    expect((await latestMail(org.db, target.email, 'emailChanged'))?.textBody).toMatch(/revert#token=/);
    expect((await org.testApp.client().login('new.inbox@acme.test', STRONG_PASSWORD)).statusCode).toBe(200);
    // Replay.
    expect(errorCode(await visitor.post('/api/contact-confirmations/confirm', { token }))).toBe('token_used');
  });

  it('the changed-my-number case: the new mobile gets a link by text, and confirming it makes the number verified', async () => {
    const target = await member();
    const replaced = await org.owner.post(`/api/members/${target.id}/contact`, { kind: 'phone', address: '+86 139 1234 5678', verification });
    expect(replaced.json<{ address: string }>().address).toBe('+8613912345678');
    const [text] = await textsTo(org.db, '+8613912345678');
    const token = linkTokenIn(text?.text);
    await org.testApp.client({ ip: '203.0.113.61' }).post('/api/contact-confirmations/confirm', { token });
    const row = await userRow(target.id);
    expect(row?.phone).toBe('+8613912345678');
    expect(row?.phoneVerifiedAt).not.toBeNull();
  });

  it('refuses an address another account uses, the same address, bad numbers and unknown fields', async () => {
    const target = await member();
    const other = await member();
    expect(errorCode(await org.owner.post(`/api/members/${target.id}/contact`, { kind: 'email', address: other.email, verification }))).toBe('address_taken');
    expect(errorCode(await org.owner.post(`/api/members/${target.id}/contact`, { kind: 'email', address: target.email, verification }))).toBe('member_state_conflict');
    expect((await org.owner.post(`/api/members/${target.id}/contact`, { kind: 'phone', address: '12', verification })).statusCode).toBe(400);
    expect(errorCode(await org.owner.post(`/api/members/${target.id}/contact`, { kind: 'phone', address: '+86 139 1234 5678', verification, verified: true }))).toBe('validation_failed');
    expect(errorCode(await org.owner.post(`/api/members/${target.id}/contact`, { kind: 'email', address: 'x@acme.test' }))).toBe('validation_failed');
  });

  it('a newer request voids the older link; a deactivated member cannot confirm', async () => {
    const target = await member();
    await org.owner.post(`/api/members/${target.id}/contact`, { kind: 'email', address: 'first@acme.test', verification });
    const first = linkTokenIn((await latestMail(org.db, 'first@acme.test', 'contactConfirm'))?.textBody);
    await org.owner.post(`/api/members/${target.id}/contact`, { kind: 'email', address: 'second@acme.test', verification });
    expect(errorCode(await org.testApp.client({ ip: '203.0.113.62' }).post('/api/contact-confirmations/confirm', { token: first }))).toBe('token_expired');
    const second = linkTokenIn((await latestMail(org.db, 'second@acme.test', 'contactConfirm'))?.textBody);
    await org.db.update(users).set({ status: 'deactivated' }).where(eq(users.id, target.id));
    expect((await org.testApp.client().get(`/api/contact-confirmations/${second}`)).json<unknown>()).toEqual({ valid: false, reason: 'invalid' });
  });
});
