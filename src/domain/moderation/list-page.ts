import type { SQL } from "drizzle-orm";
import { keysetRange, type PageRequest, sortPage } from "../api/paging.ts";

/**
 * One page of a member's list (blocks, mutes, follow requests) for the
 * client API's cursors, or the whole list as the pages show it. The key is
 * the row's (time, other account's id): the account id is the cursor, and
 * `anchor(id)` finds that row's time.
 */
export interface ListPage {
  where: SQL | undefined;
  order: SQL[];
  limit: number;
  /** The rows newest first, whichever way they were read. */
  finish<T>(rows: readonly T[]): T[];
}

export interface ListKey {
  at: SQL;
  id: SQL;
  anchor(id: string): SQL;
}

/** Lists without a page keep their own order and a generous cap. */
export function listPage(
  page: PageRequest | undefined,
  key: ListKey,
  unpaged: { order: SQL[]; limit?: number },
): ListPage {
  if (!page) {
    return {
      where: undefined,
      order: unpaged.order,
      limit: Math.min(Math.max(1, unpaged.limit ?? 200), 1000),
      finish: (rows) => [...rows],
    };
  }
  return {
    where: keysetRange(page, key.at, key.id, key.anchor),
    order: page.order(key.at, key.id),
    limit: page.limit,
    finish: (rows) => sortPage(page, rows),
  };
}
