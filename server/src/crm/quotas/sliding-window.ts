/**
 * Counts per key over a sliding window, kept in this process's memory as one-minute slots (at most windowMinutes + 1
 * per key). Keys whose newest slot has left the window are swept, so memory follows the members active recently.
 */
export class SlidingWindowCounter {
  private readonly slots = new Map<string, { start: number; count: number }[]>();
  private lastSweep = 0;
  private readonly windowMs: number;

  constructor(
    windowMinutes: number,
    private readonly now: () => number = Date.now,
    private readonly slotMs = 60_000,
  ) {
    this.windowMs = windowMinutes * 60_000;
  }

  /** What the key counted within the window. */
  total(key: string): number {
    const live = this.live(key, this.now());
    return live.reduce((sum, slot) => sum + slot.count, 0);
  }

  add(key: string, amount: number): void {
    if (amount <= 0) return;
    const now = this.now();
    this.sweep(now);
    const live = this.live(key, now);
    const start = now - (now % this.slotMs);
    const newest = live.at(-1);
    if (newest?.start === start) newest.count += amount;
    else live.push({ start, count: amount });
    this.slots.set(key, live);
  }

  /** Seconds until the key's count falls below `limit` as old slots leave the window (at least 1). */
  secondsUntilBelow(key: string, limit: number): number {
    const now = this.now();
    const live = this.live(key, now);
    let remaining = live.reduce((sum, slot) => sum + slot.count, 0);
    for (const slot of live) {
      remaining -= slot.count;
      if (remaining < limit) return Math.max(1, Math.ceil((slot.start + this.slotMs + this.windowMs - now) / 1000));
    }
    return 1;
  }

  private live(key: string, now: number) {
    const slots = this.slots.get(key) ?? [];
    // A slot counts while any part of it lies in the window: the count never drops before its time.
    const firstLive = slots.findIndex((slot) => slot.start + this.slotMs + this.windowMs > now);
    if (firstLive === -1) {
      this.slots.delete(key);
      return [];
    }
    if (firstLive > 0) slots.splice(0, firstLive);
    return slots;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.slotMs) return;
    this.lastSweep = now;
    for (const key of [...this.slots.keys()]) this.live(key, now);
  }
}
