import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { JobQueue } from './job-queue.ts';

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
});
