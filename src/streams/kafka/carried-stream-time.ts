/**
 * The time a running task's punctuators are offered: its stream time carried forward by the wall
 * clock since the stream time last advanced. A quiet partition still sees time pass, while a task
 * working through a backlog (whose stream time keeps advancing) is not pushed ahead of its event
 * time by the wall clock. Before the task has seen any record the offered time is -∞.
 *
 * @example
 * const time = carriedStreamTime(task.streamTime(), wallClock());
 * time.observe(task.streamTime(), wallClock()); // after each batch
 * await task.punctuate(time.offered(task.streamTime(), wallClock()));
 */
export interface CarriedStreamTime {
  /** Notes the task's stream time as of wall-clock time `now`; only an advance moves the carry's start. */
  observe(streamTime: number, now: number): void;
  /** Observes, then returns the stream time plus the wall-clock time since it last advanced. */
  offered(streamTime: number, now: number): number;
}

export function carriedStreamTime(streamTime: number, now: number): CarriedStreamTime {
  let last = streamTime;
  let advancedAt = now;
  const observe = (time: number, at: number): void => {
    if (time <= last) return;
    last = time;
    advancedAt = at;
  };
  return {
    observe,
    offered(time, at) {
      observe(time, at);
      return Number.isFinite(time) ? time + (at - advancedAt) : Number.NEGATIVE_INFINITY;
    },
  };
}
