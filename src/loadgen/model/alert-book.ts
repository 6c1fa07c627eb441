import type { AlertState } from './expected-topics.js';

/**
 * The alert topic as the README defines it: one RAISED record when a condition starts, one RESOLVED
 * when it clears, nothing for repeated evidence. Conditions are named by their alert id
 * `<TYPE>|<subject>`.
 */
export class AlertBook {
  readonly histories = new Map<string, AlertState[]>();
  private readonly open = new Set<string>();

  /** The condition `id` holds (true) or not (false) now. */
  set(id: string, holds: boolean): void {
    if (holds === this.open.has(id)) return;
    if (holds) this.open.add(id);
    else this.open.delete(id);
    const history = this.histories.get(id) ?? [];
    history.push(holds ? 'RAISED' : 'RESOLVED');
    this.histories.set(id, history);
  }

  isOpen(id: string): boolean {
    return this.open.has(id);
  }
}
