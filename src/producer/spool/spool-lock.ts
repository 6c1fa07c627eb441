import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SpoolLockedError } from '../errors/spool-locked-error.js';

/** Whoever holds a spool: the pid and, on Linux, the process's start time (a reused pid differs there). */
interface LockOwner {
  readonly pid: number;
  readonly start: string | null;
}

export interface SpoolLock {
  /** Removes the lock file (if it is still ours); idempotent. */
  release(): void;
}

const LOCK_FILE = 'producer.lock';
// Spools this process holds: its own pid in a lock file is no proof (a container's producer is
// always pid 1), so a second open in the same process is recognised here.
const heldHere = new Set<string>();

/**
 * Takes the spool directory for this process, or throws {@link SpoolLockedError} when a live
 * process (or a producer of this one that is still stopping) holds it. Two owners would each
 * deliver the undelivered records, which then land twice. A lock left by a process that is gone
 * (crash, kill -9, reboot, a reused pid) is taken over. Not an flock: Node has none, and the
 * spool's directory may be on any local filesystem.
 */
export function acquireSpoolLock(dir: string): SpoolLock {
  const key = resolve(dir);
  const path = join(dir, LOCK_FILE);
  if (heldHere.has(key)) throw new SpoolLockedError(dir, process.pid, 'another producer of this process that is still stopping');
  const self: LockOwner = { pid: process.pid, start: startTimeOf(process.pid) };
  if (!tryCreate(path, self)) {
    const owner = readOwner(path);
    if (owner !== null && owner.pid !== process.pid && isRunning(owner)) throw new SpoolLockedError(dir, owner.pid, `process ${owner.pid}`);
    // Stale: remove it and create again, so that of two producers starting at once only one wins.
    unlinkSync(path);
    if (!tryCreate(path, self)) {
      const winner = readOwner(path);
      throw new SpoolLockedError(dir, winner?.pid ?? -1, 'a producer that started at the same time');
    }
  }
  heldHere.add(key);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      heldHere.delete(key);
      const owner = readOwner(path);
      if (owner?.pid === self.pid && owner.start === self.start) unlinkSync(path);
    },
  };
}

function tryCreate(path: string, owner: LockOwner): boolean {
  try {
    writeFileSync(path, `${JSON.stringify(owner)}\n`, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Null for a missing or unreadable file (a crash while writing it): such a lock is stale. */
function readOwner(path: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, start: typeof parsed.start === 'string' ? parsed.start : null } : null;
  } catch {
    return null;
  }
}

function isRunning(owner: LockOwner): boolean {
  if (existsSync('/proc/self/stat')) {
    const start = startTimeOf(owner.pid);
    return start !== null && (owner.start === null || start === owner.start);
  }
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Field 22 of /proc/<pid>/stat (clock ticks after boot); null when there is no such process or no /proc. */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: count from after it.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}
