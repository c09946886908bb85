/**
 * A checker of Chrome's Trace Event Format (the JSON Perfetto UI and chrome://tracing load), written
 * from the format's document ("Trace Event Format", Duerig et al., docs.google.com/document/d/
 * 1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKSsYvqQ4), not from the writer under test:
 * - JSON object form: `traceEvents` an array; `displayTimeUnit`, when present, "ms" or "ns";
 * - every event has a one-letter `ph` among the phases used here (X, B, E, C, M, i), a `name`, a
 *   numeric `pid`; every phase but M a numeric `ts`; X, B, E and i a numeric `tid`;
 * - X (complete) events carry `dur` ≥ 0;
 * - B/E (duration) events pair up per thread (pid, tid) as a stack, an E closing the last open B
 *   (and naming it, when it names anything); none is left open at the end;
 * - per track, timestamps never go back in file order: a thread (pid, tid) for X/B/E/i, a counter
 *   (pid, name) for C — the viewer sorts, but a writer that keeps order is the one we trust;
 * - C (counter) events carry an `args` object of at least one finite number, and nothing else;
 * - M (metadata): process_name / thread_name carry `args.name` a string; every pid used has its
 *   process_name and every thread (pid, tid) used by X/B/E/i its thread_name.
 * @returns the broken rules, one line each (empty: the file is well formed)
 */
export function traceEventProblems(text: string): string[] {
  const problems: string[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return [`not JSON: ${(err as Error).message}`];
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return ['not the JSON object form {"traceEvents": [...]}'];
  const top = doc as Record<string, unknown>;
  if (!Array.isArray(top['traceEvents'])) return ['traceEvents is not an array'];
  if (top['displayTimeUnit'] !== undefined && top['displayTimeUnit'] !== 'ms' && top['displayTimeUnit'] !== 'ns')
    problems.push(`displayTimeUnit must be "ms" or "ns", got ${JSON.stringify(top['displayTimeUnit'])}`);
  const lastTs = new Map<string, number>();
  const open = new Map<string, string[]>();
  const pidsUsed = new Set<number>();
  const threadsUsed = new Set<string>();
  const processNames = new Set<number>();
  const threadNames = new Set<string>();
  const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  (top['traceEvents'] as unknown[]).forEach((raw, i) => {
    const at = `event ${i}`;
    if (typeof raw !== 'object' || raw === null) return void problems.push(`${at}: not an object`);
    const e = raw as Record<string, unknown>;
    const ph = e['ph'];
    if (typeof ph !== 'string' || !['X', 'B', 'E', 'C', 'M', 'i'].includes(ph)) return void problems.push(`${at}: unknown phase ${JSON.stringify(ph)}`);
    if (typeof e['name'] !== 'string' && ph !== 'E') problems.push(`${at}: no name`);
    if (!isNum(e['pid'])) return void problems.push(`${at}: no numeric pid`);
    const pid = e['pid'];
    if (ph !== 'M' && !isNum(e['ts'])) return void problems.push(`${at}: no numeric ts`);
    const threaded = ph === 'X' || ph === 'B' || ph === 'E' || ph === 'i';
    if (threaded && !isNum(e['tid'])) return void problems.push(`${at}: no numeric tid`);
    const thread = `${pid}/${String(e['tid'])}`;
    if (ph === 'M') {
      const args = e['args'] as Record<string, unknown> | undefined;
      if (e['name'] === 'process_name' || e['name'] === 'thread_name') {
        if (typeof args?.['name'] !== 'string') return void problems.push(`${at}: ${String(e['name'])} without args.name`);
        if (e['name'] === 'process_name') processNames.add(pid);
        else if (isNum(e['tid'])) threadNames.add(thread);
        else problems.push(`${at}: thread_name without a tid`);
      }
      return;
    }
    const ts = e['ts'] as number;
    pidsUsed.add(pid);
    const track = ph === 'C' ? `counter ${pid}/${String(e['name'])}` : `thread ${thread}`;
    const before = lastTs.get(track);
    if (before !== undefined && ts < before) problems.push(`${at}: ts ${ts} goes back on ${track} (after ${before})`);
    lastTs.set(track, ts);
    if (threaded) threadsUsed.add(thread);
    if (ph === 'X' && !(isNum(e['dur']) && e['dur'] >= 0)) problems.push(`${at}: X event without a dur ≥ 0`);
    if (ph === 'B') open.set(thread, [...(open.get(thread) ?? []), String(e['name'])]);
    if (ph === 'E') {
      const stack = open.get(thread) ?? [];
      const begun = stack.pop();
      if (begun === undefined) problems.push(`${at}: E with no open B on thread ${thread}`);
      else if (typeof e['name'] === 'string' && e['name'] !== begun) problems.push(`${at}: E '${e['name']}' closes B '${begun}' on thread ${thread}`);
      open.set(thread, stack);
    }
    if (ph === 'C') {
      const args = e['args'];
      const values = typeof args === 'object' && args !== null ? Object.values(args) : [];
      if (values.length === 0 || !values.every(isNum)) problems.push(`${at}: counter '${String(e['name'])}' without numeric args`);
    }
  });
  for (const [thread, stack] of open) if (stack.length > 0) problems.push(`thread ${thread}: B '${stack[stack.length - 1]}' never ended`);
  for (const pid of pidsUsed) if (!processNames.has(pid)) problems.push(`pid ${pid} has no process_name`);
  for (const thread of threadsUsed) if (!threadNames.has(thread)) problems.push(`thread ${thread} has no thread_name`);
  return problems;
}
