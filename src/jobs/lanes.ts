import type { Logger } from "@logtape/logtape";

/** What the lanes need from the queue (src/jobs/queue.ts), passed in to keep this file generic. */
export interface LaneQueue<J extends { id: string }> {
  /** Leases up to `limit` due jobs in one round trip. */
  claim(limit: number): Promise<J[]>;
  /** Runs a job's handler; resolves with its failure, or null. */
  run(job: J): Promise<unknown>;
  /** Marks jobs done, many in one statement. */
  markDone(ids: string[]): Promise<void>;
  markFailed(job: J, failure: unknown): Promise<void>;
}

/**
 * Runs up to `count` jobs at once in this process: whenever lanes are free,
 * ONE statement leases as many due jobs as there are free lanes, and
 * finished jobs are marked done in groups (those that end while a group is
 * being written go in the next one). A delivery thus costs the queue about
 * two statements shared with its neighbours, not two of its own, and a slow
 * or hanging server holds one lane, never the others.
 *
 * A job that ran but was not yet marked done when the process dies is
 * taken again once its lease lapses: at-least-once, as before.
 */
export async function runLanes<J extends { id: string }>(options: {
  count: number;
  queue: LaneQueue<J>;
  /** Resolves on NOTIFY or after the poll interval. */
  idle: () => Promise<void>;
  stopping: () => boolean;
  log: Logger;
}): Promise<void> {
  const { count, queue, log } = options;
  const running = new Set<Promise<void>>();
  const finished: string[] = [];
  let marking: Promise<void> | null = null;
  const markFinished = async () => {
    while (finished.length > 0) {
      const ids = finished.splice(0);
      // Not marked: the jobs stay leased and run again when the lease lapses (at-least-once).
      await queue.markDone(ids).catch((error: unknown) => {
        log.error("Could not mark {count} jobs done: {error}", { count: ids.length, error });
      });
    }
  };
  const start = (job: J) => {
    const lane = (async () => {
      const failure = await queue.run(job);
      if (failure === null) {
        finished.push(job.id);
        marking ??= markFinished().finally(() => {
          marking = null;
        });
        return;
      }
      await queue.markFailed(job, failure).catch((error: unknown) => {
        log.error("Could not record the failure of job {id}: {error}", { id: job.id, error });
      });
    })().finally(() => running.delete(lane));
    running.add(lane);
  };
  while (!options.stopping()) {
    const free = count - running.size;
    let claimed: J[] = [];
    if (free > 0) {
      try {
        claimed = await queue.claim(free);
      } catch (error) {
        log.error("The job worker could not reach the database: {error}", { error });
      }
    }
    for (const job of claimed) start(job);
    if (options.stopping()) break;
    // Fewer due jobs than free lanes (or no database): wait for new ones (NOTIFY) or the next poll.
    if (claimed.length < free) await options.idle();
    // Every lane busy: claim again as soon as one is free.
    else if (running.size >= count) await Promise.race(running);
    // Lanes freed while claiming (jobs finish together when their writes are shared): claim again now.
  }
  await Promise.all(running);
  while (marking) await marking;
}
