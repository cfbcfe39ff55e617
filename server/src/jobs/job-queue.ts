import PgBoss from 'pg-boss';
import type { DatabaseHandle } from '../db/client.ts';

export type JobHandler = (data: Record<string, unknown>) => Promise<void>;

interface QueueDefinition {
  name: string;
  handler: JobHandler;
  retryLimit: number;
  retryDelaySeconds: number;
  batchSize: number;
  pollingIntervalSeconds: number | undefined;
  wakeOnSend: boolean;
}

export interface QueueOptions {
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** Jobs fetched per poll (handled one after another), so a queue that sees bursts drains them in few round trips. */
  batchSize?: number;
  /** This queue's polling interval, instead of the JobQueue's. */
  pollingIntervalSeconds?: number;
  /**
   * false: a send does not wake the worker, the job waits for the next poll. For work a request must not be timed by:
   * woken at once, a job that does more for some requests than for others (mail to a real account) would follow each
   * request at once, and a request sent right behind it would see the difference.
   */
  wakeOnSend?: boolean;
}

/**
 * How often each queue's worker looks for jobs it was not told about: retries that came due, and jobs another process
 * queued but did not run (it stopped first). A job this process sends wakes its worker at once (`send`), so an idle
 * server makes a query per queue every few seconds instead of several a second.
 */
const DEFAULT_POLLING_INTERVAL_SECONDS = 5;

/**
 * pg-boss on the application's own database (PGlite through executeSql), so queued work survives restarts
 * and runs once across app processes.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly queues: QueueDefinition[] = [];
  /** This process's worker of each queue, woken when this process sends to it. */
  private readonly workerIds = new Map<string, string>();
  private started = false;

  private readonly pollingIntervalSeconds: number;

  constructor(handle: DatabaseHandle, private readonly onError: (error: Error) => void, options: { pollingIntervalSeconds?: number } = {}) {
    this.pollingIntervalSeconds = options.pollingIntervalSeconds ?? DEFAULT_POLLING_INTERVAL_SECONDS;
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => handle.executeSql(text, values) },
      schedule: false,
      supervise: true,
    });
    this.boss.on('error', (error: Error) => onError(error));
  }

  define(name: string, handler: JobHandler, options: QueueOptions = {}): void {
    this.queues.push({
      name,
      handler,
      retryLimit: options.retryLimit ?? 10,
      retryDelaySeconds: options.retryDelaySeconds ?? 5,
      batchSize: options.batchSize ?? 1,
      pollingIntervalSeconds: options.pollingIntervalSeconds,
      wakeOnSend: options.wakeOnSend ?? true,
    });
  }

  async start(): Promise<void> {
    await this.boss.start();
    for (const queue of this.queues) {
      await this.boss.createQueue(queue.name, {
        retryLimit: queue.retryLimit,
        retryDelay: queue.retryDelaySeconds,
        retryBackoff: true,
      });
      const workerId = await this.boss.work(queue.name, { pollingIntervalSeconds: queue.pollingIntervalSeconds ?? this.pollingIntervalSeconds, batchSize: queue.batchSize }, async (jobs) => {
        for (const job of jobs) {
          try {
            await queue.handler(job.data as Record<string, unknown>);
          } catch (error) {
            // This job alone is retried: pg-boss would fail the whole batch and run the ones already done again (a
            // reset mail sent twice). It then completes only the jobs still active, so this one stays failed.
            await this.boss.fail(queue.name, job.id, error instanceof Error ? error : { message: String(error) });
          }
        }
        // A full batch: more may be waiting (a burst), so look again at once instead of after the interval.
        if (jobs.length >= queue.batchSize) this.wake(queue.name);
      });
      this.workerIds.set(queue.name, workerId);
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
    if (this.queues.find((queue) => queue.name === name)?.wakeOnSend !== false) this.wake(name);
  }

  /** This process's worker of the queue fetches again now (pg-boss's notifyWorker ends its wait). */
  private wake(name: string): void {
    const workerId = this.workerIds.get(name);
    if (workerId !== undefined) this.boss.notifyWorker(workerId);
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: 5000 });
  }
}
