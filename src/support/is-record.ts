/** A non-null object (arrays included), whose fields can be read as unknowns: for JSON and error values. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The `message` of an Error (or of any object with a string `message`), else the value as a string. */
export function messageOf(err: unknown): string {
  return isRecord(err) && typeof err['message'] === 'string' ? err['message'] : String(err);
}

/** The string `code` of a Node error (ENOENT, EACCES…), else undefined. */
export function codeOf(err: unknown): string | undefined {
  return isRecord(err) && typeof err['code'] === 'string' ? err['code'] : undefined;
}
