import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { JobQueue, type QueueOptions } from './job-queue.ts';

describe('job queue', () => {
  let testApp: TestApp;
  const queues: JobQueue[] = [];

  beforeAll(async () => {
    testApp = await buildTestApp();
  });

  afterAll(async () => {
    for (const queue of queues) await queue.stop();
    await testApp.close();
  });

  it('oncePerSeconds: two processes sending in the same window queue one job; a plain send always queues', async () => {
    const ran: string[] = [];
    const start = async (label: string) => {
      const queue = new JobQueue(testApp.context.database, (error) => {
        throw error;
      });
      queue.define('test.once', async (data) => {
        ran.push(`${label}:${String(data.from)}`);
      });
      await queue.start();
      queues.push(queue);
      return queue;
    };
    // Two queues on one database stand for two app processes.
    const [first, second] = [await start('a'), await start('b')];
    await Promise.all([first.send('test.once', { from: 'a' }, { oncePerSeconds: 3600 }), second.send('test.once', { from: 'b' }, { oncePerSeconds: 3600 })]);
    await first.send('test.once', { from: 'a-again' }, { oncePerSeconds: 3600 });
    await second.send('test.once', { from: 'plain' });
    const deadline = Date.now() + 15_000;
    while (ran.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    // A moment longer, so a wrongly queued duplicate would have had time to run too.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(ran.filter((entry) => entry.endsWith(':plain'))).toHaveLength(1);
    expect(ran.filter((entry) => !entry.endsWith(':plain'))).toHaveLength(1);
  });

  it('a job this process sends runs without waiting for a poll, and a burst larger than a batch drains', async () => {
    // No poll falls due during the test: only the wake-up on send (and after a full batch) can run the jobs.
    const queue = new JobQueue(testApp.context.database, (error) => {
      throw error;
    }, { pollingIntervalSeconds: 3600 });
    const handled: number[] = [];
    queue.define('test.wake', async (data) => {
      handled.push(Number(data.n));
    }, { batchSize: 2 });
    await queue.start();
    queues.push(queue);
    // The worker's first fetch (at start) has run and found nothing; it now waits an hour.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await queue.send('test.wake', { n: 0 });
    await vi.waitFor(() => expect(handled).toEqual([0]), { timeout: 20_000, interval: 50 });
    // Seven at once: the sends' wake-ups may all land during one fetch, so the rest comes from the full batches.
    await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => queue.send('test.wake', { n })));
    await vi.waitFor(() => expect([...handled].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]), { timeout: 20_000, interval: 50 });
  });

  it('a job that fails in a batch is retried alone; the ones handled before it do not run again', async () => {
    const start = async (handler: (n: number) => Promise<void>, options: QueueOptions) => {
      const queue = new JobQueue(testApp.context.database, (error) => {
        throw error;
      });
      queue.define('test.batch', async (data) => handler(Number(data.n)), options);
      await queue.start();
      queues.push(queue);
      return queue;
    };
    // The sending "process" looks once at start, then not for an hour: the three jobs wait for the second one, which
    // fetches them as one batch when it starts.
    const sender = await start(async () => {
      throw new Error('the sender never runs a job');
    }, { pollingIntervalSeconds: 3600, wakeOnSend: false });
    for (const n of [0, 1, 2]) await sender.send('test.batch', { n });
    const runs: number[] = [];
    await start(async (n) => {
      runs.push(n);
      if (n === 1 && runs.filter((run) => run === 1).length === 1) throw new Error('first attempt fails');
    }, { batchSize: 3, retryDelaySeconds: 0, pollingIntervalSeconds: 0.5 });
    const states = async () => {
      const { rows } = await testApp.context.database.executeSql(`select state from pgboss.job where name = 'test.batch'`, []);
      return (rows as { state: string }[]).map((row) => row.state);
    };
    await vi.waitFor(async () => expect(await states()).toEqual(['completed', 'completed', 'completed']), { timeout: 20_000, interval: 100 });
    expect([...runs].sort()).toEqual([0, 1, 1, 2]);
  });
});
