import { parseInstant, secondsBetween, type Instant } from './field-values.js';
import type { IssueSink } from './issue-sink.js';

/**
 * Time 0 of a trace whose times are timestamps: the given origin, else the first kept record's time
 * (a stream cannot know the earliest one; with unsorted rows later records may be negative, and
 * each descent is warned about). Internal helper.
 */
export class TraceOrigin {
  private origin: Instant | undefined;
  private readonly onOrigin: ((unixSeconds: number) => void) | undefined;

  /** Throws (fatal `bad-mapping`) when `text` is given and is not a timestamp. */
  constructor(text: string | number | undefined, sink: IssueSink, onOrigin?: (unixSeconds: number) => void) {
    this.onOrigin = onOrigin;
    if (text === undefined) return;
    const origin = typeof text === 'number' ? { seconds: Math.floor(text), fraction: text - Math.floor(text) } : parseInstant(text);
    if (origin === undefined) sink.fatal(0, 'bad-mapping', `origin '${text}' is not a timestamp like 2020-06-09 18:41:01`, 'origin');
    this.set(origin);
  }

  /** Seconds from the origin to `at`; the first call fixes the origin when none was given. */
  relative(at: Instant): number {
    const origin = this.origin ?? this.set(at);
    return secondsBetween(origin, at);
  }

  private set(origin: Instant): Instant {
    this.origin = origin;
    this.onOrigin?.(origin.seconds + origin.fraction);
    return origin;
  }
}
