import { invalid } from "../errors.ts";
import { isUuid } from "../ids.ts";

/** Keyset position in a list sorted newest first: (time, id) of the last entry shown. */
export interface Position {
  at: Date;
  id: string;
}

/** An opaque page token for "Older entries" links. */
export function encodeCursor(position: Position): string {
  return Buffer.from(`${position.at.toISOString()}_${position.id}`).toString("base64url");
}

function decode(cursor: string): Position | null {
  if (cursor.length > 120 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const [iso = "", id = "", ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split("_");
  const at = new Date(iso);
  if (
    rest.length > 0 ||
    !isUuid(id) ||
    !/^\d{4}-\d\d-\d\dT/.test(iso) ||
    Number.isNaN(at.getTime())
  ) {
    return null;
  }
  return { at, id };
}

/** Whether a page token is one we made (edges answer 400 when it is not). */
export function isCursor(cursor: string): boolean {
  return decode(cursor) !== null;
}

/** The position a cursor points at; null for the first page; invalid for garbage. */
export function decodeCursor(cursor: string | null | undefined): Position | null {
  if (cursor === undefined || cursor === null || cursor === "") return null;
  const position = decode(cursor);
  if (!position) throw invalid("That page link is not valid.", { cursor: "Not a valid page link" });
  return position;
}
