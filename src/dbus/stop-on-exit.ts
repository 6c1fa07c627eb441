import { readFileSync } from 'node:fs';

/**
 * Daemons this process started and has not stopped yet, by pid, with a string their command line
 * must contain (their config path), so a pid the kernel has since given to another process is
 * never signalled.
 */
const running = new Map<number, string>();
let hooked = false;

/**
 * Ends `pid` with SIGTERM when this process exits, unless the returned release is called first
 * (the owner stopped it itself). `dbus-daemon --fork` detaches from its parent, so without this a
 * test or `simulate` that exits early (`process.exit`, an uncaught error, a failed `after` hook)
 * would leave every node's daemon running. Only a normal exit is covered: a SIGKILLed owner cannot
 * clean up, and a signal that kills it by default ends it without the `exit` event.
 */
export function stopOnExit(pid: number, commandLineMarker: string): () => void {
  if (!hooked) {
    process.on('exit', terminateRunning);
    hooked = true;
  }
  running.set(pid, commandLineMarker);
  return () => void running.delete(pid);
}

function terminateRunning(): void {
  for (const [pid, marker] of running) {
    if (commandLineOf(pid)?.includes(marker) !== true) continue;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // gone in the meantime
    }
  }
  running.clear();
}

/** Arguments joined by spaces, or null when the process is gone. */
function commandLineOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return null;
  }
}
