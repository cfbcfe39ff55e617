import PgBoss from 'pg-boss';
import type { DatabaseHandle } from '../db/client.ts';

export type JobHandler = (data: Record<string, unknown>) => Promise<void>;

interface QueueDefinition {
  name: string;
  handler: JobHandler;
  retryLimit: number;
  retryDelaySeconds: number;
  batchSize: number;
}

/**
 * pg-boss on the application's own database (PGlite through executeSql), so queued work survives restarts
 * and runs once across app processes.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly queues: QueueDefinition[] = [];
  private started = false;

  constructor(handle: DatabaseHandle, private readonly onError: (error: Error) => void) {
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => handle.executeSql(text, values) },
      schedule: false,
      supervise: true,
    });
    this.boss.on('error', (error: Error) => onError(error));
  }

  /**
   * `batchSize`: jobs fetched per poll (handled one after another). pg-boss polls at most every 0.5 s, so a queue
   * that may see bursts (forgot-password requests) needs more than one per poll to keep up.
   */
  define(name: string, handler: JobHandler, options: { retryLimit?: number; retryDelaySeconds?: number; batchSize?: number } = {}): void {
    this.queues.push({ name, handler, retryLimit: options.retryLimit ?? 10, retryDelaySeconds: options.retryDelaySeconds ?? 5, batchSize: options.batchSize ?? 1 });
  }

  async start(): Promise<void> {
    await this.boss.start();
    for (const queue of this.queues) {
      await this.boss.createQueue(queue.name, {
        retryLimit: queue.retryLimit,
        retryDelay: queue.retryDelaySeconds,
        retryBackoff: true,
      });
      await this.boss.work(queue.name, { pollingIntervalSeconds: 0.5, batchSize: queue.batchSize }, async (jobs) => {
        for (const job of jobs) await queue.handler(job.data as Record<string, unknown>);
      });
    }
    this.started = true;
  }

  /**
   * `oncePerSeconds`: at most one job of this name is queued per window of that many seconds, across every process
   * sharing the database (pg-boss's singleton slot); later sends in the window are dropped.
   */
  async send(name: string, data: Record<string, unknown>, options: { oncePerSeconds?: number } = {}): Promise<void> {
    if (!this.started) throw new Error(`job queue not started (${name})`);
    await this.boss.send(name, data, options.oncePerSeconds ? { singletonKey: name, singletonSeconds: options.oncePerSeconds } : {});
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: 5000 });
  }
}
