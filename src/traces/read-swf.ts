/**
 * Reader for the Standard Workload Format (SWF) v2.2 of the Parallel Workloads Archive.
 * Definition: https://www.cs.huji.ac.il/labs/parallel/workload/swf.html (Feitelson et al., JPDC 2014).
 *
 * Header: lines starting with `;`, `; Key: value`; an indented `;` line without a key continues the
 * previous key (e.g. the second `Information:` URL). Parsed into an SwfHeader and given to
 * `options.onHeader` once, before the first job is yielded (or at the end if there is none).
 *
 * Data: one job per line, 18 whitespace-separated numbers, `-1` = unknown:
 *
 * | # | field                          | TraceJob                                        |
 * |---|--------------------------------|-------------------------------------------------|
 * | 1 | job number                     | id                                              |
 * | 2 | submit time, s from UnixStartTime | submit (origin = UnixStartTime; not shifted) |
 * | 3 | wait time, s                   | recordedWait                                    |
 * | 4 | run time, s                    | runtime; -1 ⇒ skipped (`unknown-runtime`)       |
 * | 5 | allocated processors           | devices (deviceKind 'cpu')                      |
 * | 6 | average CPU time used, s       | –                                               |
 * | 7 | used memory, KB per processor  | –                                               |
 * | 8 | requested processors           | requestedDevices; devices when field 5 is -1    |
 * | 9 | requested time, s              | requestedTime (the user's estimate)             |
 * |10 | requested memory, KB per proc. | memory = field 10 × 1024 × devices, bytes       |
 * |11 | status                         | status: 0 failed, 1 completed, 2 partial, 3 partial-completed, 4 partial-failed, 5 cancelled |
 * |12 | user id                        | user                                            |
 * |13 | group id                       | group                                           |
 * |14 | executable number              | –                                               |
 * |15 | queue number                   | queue                                           |
 * |16 | partition number               | partition                                       |
 * |17 | preceding job number           | –                                               |
 * |18 | think time, s                  | –                                               |
 *
 * Skips: field 4 = -1 (`unknown-runtime`, info); fields 5 and 8 both -1 (`unknown-devices`, info);
 * 0 processors (`zero-devices`, error); not 18 fields, non-numeric, or negative values other than -1
 * (errors). Fields may be decimals (the format allows fractional times).
 */
import { IssueSink, sourceName } from './issue-sink.js';
import { openTraceFile, streamFailure } from './open-trace-file.js';
import { readLineBatches } from './read-lines.js';
import type { TraceJob } from './trace-record.js';
import type { TraceReadOptions, TraceSource } from './trace-read-options.js';

/** The SWF header comments. Typed fields are those the format defines; `fields` has every key as written. */
export interface SwfHeader {
  version?: string;
  computer?: string;
  installation?: string;
  acknowledge?: string;
  conversion?: string;
  maxJobs?: number;
  maxRecords?: number;
  preemption?: string;
  /** Unix time (s, UTC) of submit time 0 */
  unixStartTime?: number;
  /** s to add to UnixStartTime for local time (as the archive defines it) */
  timeZone?: number;
  timeZoneString?: string;
  startTime?: string;
  endTime?: string;
  maxNodes?: number;
  maxProcs?: number;
  /** s */
  maxRuntime?: number;
  /** KB */
  maxMemory?: number;
  allowOveruse?: string;
  /** every `Note:` in order, continuation lines joined with '\n' */
  notes: string[];
  /** every key as written; repeated keys joined with '\n' */
  fields: Record<string, string>;
}

export interface SwfReadOptions extends TraceReadOptions {
  /** Called once with the header, before the first job is yielded (or at end of file if there is none). */
  readonly onHeader?: (header: SwfHeader) => void;
}

const STATUS: Record<number, string> = {
  0: 'failed',
  1: 'completed',
  2: 'partial',
  3: 'partial-completed',
  4: 'partial-failed',
  5: 'cancelled',
};

const FIELD_NAMES = [
  'job number',
  'submit time',
  'wait time',
  'run time',
  'allocated processors',
  'average CPU time',
  'used memory',
  'requested processors',
  'requested time',
  'requested memory',
  'status',
  'user id',
  'group id',
  'executable number',
  'queue number',
  'partition number',
  'preceding job number',
  'think time',
] as const;

// `; Key: value` with at most 3 spaces before the key; `http://…` on a continuation line is not a key.
const HEADER_KEY = /^;\s{0,3}([A-Za-z][A-Za-z0-9_-]*)\s*:(?!\/\/)\s*(.*)$/;

/** Streams the jobs of an SWF file (plain or gzip), in file order. See the file header for the mapping. */
export async function* readSwf(source: TraceSource, options: SwfReadOptions = {}): AsyncGenerator<TraceJob> {
  const sink = new IssueSink(sourceName(source, options), options);
  const trace = await openTraceFile(source, sink);
  const header: SwfHeader = { notes: [], fields: {} };
  let headerGiven = false;
  let lastKey: string | undefined;
  let lineNo = 0;
  let sawAnyLine = false;
  let rows = 0;
  const giveHeader = (): void => {
    if (headerGiven) return;
    headerGiven = true;
    options.onHeader?.(header);
  };
  try {
    for await (const batch of readLineBatches(trace.stream)) {
      for (const text of batch) {
        lineNo++;
        const trimmed = text.trim();
        if (trimmed === '') continue;
        sawAnyLine = true;
        if (trimmed.charCodeAt(0) === 59 /* ; */) {
          if (headerGiven) {
            sink.report(lineNo, 'comment-after-data', 'warning', 'header comment after the first job line; ignored');
            continue;
          }
          lastKey = parseHeaderLine(text, header, lastKey);
          continue;
        }
        giveHeader();
        sink.row(undefined, text);
        rows++;
        const job = parseJobLine(trimmed, lineNo, sink);
        if (job !== undefined) {
          sink.keep(lineNo, job.submit);
          yield job;
        }
      }
    }
  } catch (err) {
    throw streamFailure(err, sink, lineNo + 1);
  } finally {
    trace.close();
  }
  giveHeader();
  if (!sawAnyLine) sink.report(0, 'empty-file', 'error', lineNo === 0 ? 'the file is empty' : `the file has no rows: its ${lineNo.toLocaleString('en-US')} line(s) are all blank`);
  else if (rows === 0) sink.report(lineNo, 'header-only', 'error', 'the file has header comments but no job lines');
}

function parseHeaderLine(text: string, header: SwfHeader, lastKey: string | undefined): string | undefined {
  const m = HEADER_KEY.exec(text.trimEnd());
  if (m !== null) {
    const key = m[1] ?? '';
    const value = (m[2] ?? '').trim();
    setHeaderField(header, key, value, false);
    return key;
  }
  const continuation = text.slice(1).trim();
  if (continuation === '' || lastKey === undefined) return lastKey;
  setHeaderField(header, lastKey, continuation, true);
  return lastKey;
}

function setHeaderField(header: SwfHeader, key: string, value: string, continuation: boolean): void {
  const previous = header.fields[key];
  const full = previous === undefined ? value : `${previous}\n${value}`;
  header.fields[key] = full;
  const num = (): number | undefined => {
    const n = Number(full);
    return full !== '' && Number.isFinite(n) ? n : undefined;
  };
  const assignNumber = (name: 'maxJobs' | 'maxRecords' | 'unixStartTime' | 'timeZone' | 'maxNodes' | 'maxProcs' | 'maxRuntime' | 'maxMemory'): void => {
    const n = num();
    if (n !== undefined) header[name] = n;
  };
  switch (key) {
    case 'Note':
      if (continuation && header.notes.length > 0) header.notes[header.notes.length - 1] += `\n${value}`;
      else header.notes.push(value);
      break;
    case 'Version':
      header.version = full;
      break;
    case 'Computer':
      header.computer = full;
      break;
    case 'Installation':
      header.installation = full;
      break;
    case 'Acknowledge':
      header.acknowledge = full;
      break;
    case 'Conversion':
      header.conversion = full;
      break;
    case 'Preemption':
      header.preemption = full;
      break;
    case 'TimeZoneString':
      header.timeZoneString = full;
      break;
    case 'StartTime':
      header.startTime = full;
      break;
    case 'EndTime':
      header.endTime = full;
      break;
    case 'AllowOveruse':
      header.allowOveruse = full;
      break;
    case 'MaxJobs':
      assignNumber('maxJobs');
      break;
    case 'MaxRecords':
      assignNumber('maxRecords');
      break;
    case 'UnixStartTime':
      assignNumber('unixStartTime');
      break;
    case 'TimeZone':
      assignNumber('timeZone');
      break;
    case 'MaxNodes':
      assignNumber('maxNodes');
      break;
    case 'MaxProcs':
      assignNumber('maxProcs');
      break;
    case 'MaxRuntime':
      assignNumber('maxRuntime');
      break;
    case 'MaxMemory':
      assignNumber('maxMemory');
      break;
    default:
      break;
  }
}

const WHITESPACE = /\s+/;

/** The 18 numbers of an SWF job line, -1 where unknown. */
type SwfFields = [number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number];

function parseJobLine(text: string, line: number, sink: IssueSink): TraceJob | undefined {
  const parts = text.split(WHITESPACE);
  if (parts.length !== 18) {
    sink.skip(line, 'wrong-column-count', 'error', `expected 18 fields, found ${parts.length}`, undefined, 'SWF job lines have 18 whitespace-separated numbers, -1 where unknown');
    return undefined;
  }
  // every slot is set below before the row is used
  const f: SwfFields = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 18; i++) {
    const v = Number(parts[i]);
    if (!Number.isFinite(v) || parts[i] === '') {
      sink.skip(line, 'not-a-number', 'error', `'${parts[i]}' is not a number`, `field ${i + 1} (${FIELD_NAMES[i]})`);
      return undefined;
    }
    if (v < 0 && v !== -1) {
      sink.skip(
        line,
        i === 3 ? 'negative-runtime' : i === 1 || i === 2 ? 'negative-time' : 'negative-value',
        'error',
        `${v} is negative (only -1, unknown, is allowed)`,
        `field ${i + 1} (${FIELD_NAMES[i]})`,
      );
      return undefined;
    }
    f[i] = v;
  }
  const [number, submit, wait, runtime, allocated, , , requested, requestedTime, requestedMemory, status, user, group, , queue, partition] = f;
  if (submit === -1) {
    sink.skip(line, 'missing-time', 'info', 'submit time unknown (-1)', 'field 2 (submit time)');
    return undefined;
  }
  if (runtime === -1) {
    sink.skip(line, 'unknown-runtime', 'info', 'run time unknown (-1)', 'field 4 (run time)');
    return undefined;
  }
  const field = allocated !== -1 ? 'field 5 (allocated processors)' : 'field 8 (requested processors)';
  const devices = sink.wholeDevices(line, allocated !== -1 ? allocated : requested, field);
  if (devices === -1) {
    sink.skip(line, 'unknown-devices', 'info', 'allocated and requested processors both unknown (-1)', 'field 5 (allocated processors)');
    return undefined;
  }
  if (devices === 0) {
    sink.skip(line, 'zero-devices', 'error', '0 processors', allocated !== -1 ? 'field 5 (allocated processors)' : 'field 8 (requested processors)');
    return undefined;
  }
  const job: TraceJob = { id: String(number), submit, devices, deviceKind: 'cpu', cpuOnly: false, runtime, line };
  if (requestedTime !== -1) job.requestedTime = requestedTime;
  if (requested !== -1) job.requestedDevices = requested;
  if (wait !== -1) job.recordedWait = wait;
  if (requestedMemory !== -1) job.memory = requestedMemory * 1024 * devices;
  const statusName = STATUS[status];
  if (statusName !== undefined) job.status = statusName;
  if (user !== -1) job.user = String(user);
  if (group !== -1) job.group = String(group);
  if (queue !== -1) job.queue = String(queue);
  if (partition !== -1) job.partition = String(partition);
  return job;
}
