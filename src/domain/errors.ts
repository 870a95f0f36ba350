/**
 * Errors a domain operation reports on purpose. Edges map `code` to a status:
 * they never leak anything else about a failure.
 */
export type DomainErrorCode =
  | "invalid" // bad input: 400 / 422
  | "not_found" // missing or not visible to this viewer: 404
  | "forbidden" // visible but not allowed: 403
  | "conflict" // e.g. a handle already taken: 409
  | "throttled" // too many attempts: 429
  | "too_large" // an upload over its limit: 413
  | "unauthenticated"; // sign in first: 401

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  /** Problems per field, for forms that show them next to the input. */
  readonly fields: Readonly<Record<string, string>>;
  constructor(code: DomainErrorCode, message: string, fields: Record<string, string> = {}) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.fields = fields;
  }
}

export const invalid = (message: string, fields: Record<string, string> = {}) =>
  new DomainError("invalid", message, fields);
export const notFound = (message = "Not found") => new DomainError("not_found", message);
export const forbidden = (message = "Not allowed") => new DomainError("forbidden", message);
export const tooLarge = (message: string, fields: Record<string, string> = {}) =>
  new DomainError("too_large", message, fields);
export const conflict = (message: string, fields: Record<string, string> = {}) =>
  new DomainError("conflict", message, fields);
