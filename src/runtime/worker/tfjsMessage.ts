/**
 * The first line of a tfjs error, without a trailing sentence that announces a list it does not
 * give ("Unknown layer: X. This may be due to one of the following reasons:" becomes
 * "Unknown layer: X."), so the message shown is complete.
 */
export function tfjsMessage(e: unknown): string {
  const line = (e instanceof Error ? e.message : String(e)).split('\n')[0].trim();
  if (!line.endsWith(':')) return line;
  const cut = line.slice(0, -1).search(/[.!?]\s[^.!?]*$/);
  return cut > 0 ? line.slice(0, cut + 1) : line.slice(0, -1);
}
