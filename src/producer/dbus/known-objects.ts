/**
 * The objects and interfaces of one service seen in this producer session, kept across reconnects
 * so that a re-snapshot can report what disappeared meanwhile (REMOVED).
 */
export type KnownObjects = Map<string, Set<string>>;

/** Pairs in `before` that `after` no longer has, in `before`'s order. */
export function vanished(before: KnownObjects, after: KnownObjects): { objectPath: string; interface: string }[] {
  const gone: { objectPath: string; interface: string }[] = [];
  for (const [objectPath, interfaces] of before) {
    for (const name of interfaces) if (after.get(objectPath)?.has(name) !== true) gone.push({ objectPath, interface: name });
  }
  return gone;
}
