import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifiedMember, mailsTo, startRecoveryApp, waitForQueues, type RecoveryFixture } from '../../../test/recovery.ts';
import { users } from '../users/user.tables.ts';

/** Samples per identifier and comparison (the number). */
const SAMPLES = 200;
const WARM_UP = 10;

interface Sample {
  status: number;
  body: string;
  headerNames: string;
  ms: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0 ? ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2 : (sorted[middle] ?? 0);
}

/**
 * T-ENUM's classifier: the best single response-time threshold (and direction) on the even-indexed samples, scored on
 * the odd-indexed ones. 0.5 is chance.
 */
function thresholdAccuracy(left: number[], right: number[]): number {
  const train = (values: number[]) => values.filter((_value, index) => index % 2 === 0);
  const test = (values: number[]) => values.filter((_value, index) => index % 2 === 1);
  const candidates = [...train(left), ...train(right)].sort((a, b) => a - b);
  let best = { threshold: 0, leftIsSlower: true, accuracy: 0 };
  const score = (threshold: number, leftIsSlower: boolean, leftValues: number[], rightValues: number[]) => {
    const correct = leftValues.filter((value) => (value > threshold) === leftIsSlower).length + rightValues.filter((value) => (value > threshold) !== leftIsSlower).length;
    return correct / (leftValues.length + rightValues.length);
  };
  for (const threshold of candidates) {
    for (const leftIsSlower of [true, false]) {
      const accuracy = score(threshold, leftIsSlower, train(left), train(right));
      if (accuracy > best.accuracy) best = { threshold, leftIsSlower, accuracy };
    }
  }
  return score(best.threshold, best.leftIsSlower, test(left), test(right));
}

/** RC-01 with protocol T-ENUM: forgot-password answers the same for active, frozen, unverified and unknown accounts. */
describe('forgot password reveals nothing (T-ENUM)', () => {
  let fixture: RecoveryFixture;
  let ipCounter = 0;

  // A fresh source address per request keeps the per-IP budget out of the measurement (every path checks it alike).
  const forgot = async (identifier: string): Promise<Sample> => {
    ipCounter += 1;
    const requester = fixture.testApp.client({ ip: `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}` });
    const started = performance.now();
    const response = await requester.post('/api/auth/password/forgot', { identifier });
    const ms = performance.now() - started;
    const headerNames = Object.keys(response.headers)
      .filter((name) => name !== 'date')
      .sort()
      .join(',');
    return { status: response.statusCode, body: response.body, headerNames, ms };
  };

  /**
   * Interleaves requests for two identifiers: pairs in random order, so both see the same background load (queued
   * jobs, other processes on the machine). The queue is drained first so one phase's backlog does not bias the next.
   */
  const interleave = async (left: string, right: string) => {
    await waitForQueues(fixture.testApp, undefined, 120_000);
    const results = { left: [] as Sample[], right: [] as Sample[] };
    for (let pair = 0; pair < SAMPLES; pair += 1) {
      if (Math.random() < 0.5) {
        results.left.push(await forgot(left));
        results.right.push(await forgot(right));
      } else {
        results.right.push(await forgot(right));
        results.left.push(await forgot(left));
      }
    }
    return results;
  };

  beforeAll(async () => {
    fixture = await startRecoveryApp();
    await createVerifiedMember(fixture, { email: 'active@acme.test', name: 'Active Person', phone: '+8613800138111' });
    const frozen = await createVerifiedMember(fixture, { email: 'frozen@acme.test', name: 'Frozen Person' });
    await fixture.testApp.context.database.db.update(users).set({ status: 'frozen', frozenAt: new Date(), passwordHash: null }).where(eq(users.id, frozen.id));
    const unverified = await createVerifiedMember(fixture, { email: 'unverified@acme.test', name: 'Unverified Person' });
    await fixture.testApp.context.database.db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, unverified.id));
    await fixture.owner.post('/api/members/invitations', { email: 'invited@acme.test', name: 'Invited Person', role: 'sales' });
    for (let index = 0; index < WARM_UP; index += 1) await forgot(`warmup${index}@acme.test`);
  }, 180_000);
  afterAll(() => fixture.close());

  it(`same status, body and headers; medians within 10 % and no threshold classifies better than 60 % (${SAMPLES} samples each)`, async () => {
    const baseline = await interleave('n1@nowhere.test', 'n2@nowhere.test');
    const noise = Math.abs(median(baseline.left.map((sample) => sample.ms)) - median(baseline.right.map((sample) => sample.ms)));
    const reference = baseline.left[0];
    expect(reference?.status).toBe(202);
    expect(JSON.parse(reference?.body ?? '{}')).toEqual({ accepted: true });
    expect(reference?.headerNames).not.toContain('set-cookie');

    const report: string[] = [`baseline δ0 = ${noise.toFixed(3)} ms`];
    // Each known identifier is compared with an unknown one of the same shape: parsing a phone number costs more than
    // reading an e-mail address, which tells the kind of identifier typed, not whether an account exists.
    const cases = [
      ['active@acme.test', 'n1@nowhere.test'],
      ['frozen@acme.test', 'n1@nowhere.test'],
      ['unverified@acme.test', 'n1@nowhere.test'],
      ['invited@acme.test', 'n1@nowhere.test'],
      ['+8613800138111', '+8613800138999'],
    ] as const;
    for (const [known, unknown] of cases) {
      const { left, right } = await interleave(known, unknown);
      for (const sample of [...left, ...right]) {
        expect(sample.status).toBe(reference?.status);
        expect(sample.body).toBe(reference?.body);
        expect(sample.headerNames).toBe(reference?.headerNames);
      }
      const knownMedian = median(left.map((sample) => sample.ms));
      const unknownMedian = median(right.map((sample) => sample.ms));
      const difference = Math.abs(knownMedian - unknownMedian);
      const accuracy = thresholdAccuracy(
        left.map((sample) => sample.ms),
        right.map((sample) => sample.ms),
      );
      // Requests run in adjacent pairs, so the median of the per-pair differences removes the load both saw (on a
      // shared 2-core machine that load moves either group's median by more than 10 % from run to run).
      const pairedDifference = Math.abs(median(left.map((sample, index) => sample.ms - (right[index]?.ms ?? 0))));
      report.push(
        `${known}: median ${knownMedian.toFixed(3)} ms vs ${unknown} ${unknownMedian.toFixed(3)} ms, median pair difference ${pairedDifference.toFixed(3)} ms, threshold accuracy ${(accuracy * 100).toFixed(1)} %`,
      );
      expect(pairedDifference / unknownMedian, report.join('\n')).toBeLessThan(0.1);
      expect(difference, report.join('\n')).toBeLessThanOrEqual(Math.max(10, 2 * noise));
      expect(accuracy, report.join('\n')).toBeLessThanOrEqual(0.6);
    }
    console.log(report.join('\n'));

    // Mail went only to the verified address of the active account, and at most 3 times (per-identifier cap).
    await waitForQueues(fixture.testApp);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const resetMails = fixture.sink.messages.filter((mail) => mail.subject.startsWith('Reset'));
    expect(resetMails.length).toBeGreaterThan(0);
    expect(resetMails.length).toBeLessThanOrEqual(3);
    expect(resetMails.every((mail) => mail.to.join() === 'active@acme.test')).toBe(true);
    for (const address of ['frozen@acme.test', 'unverified@acme.test', 'invited@acme.test', 'n1@nowhere.test']) expect(mailsTo(fixture.sink, address, 'Reset')).toHaveLength(0);
  }, 300_000);
});
