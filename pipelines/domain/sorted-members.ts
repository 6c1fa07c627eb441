/**
 * `members` with `member` added (sorted, once) or removed: the sets of names pipelines keep in their
 * state (reporting nodes, bricks on a device) stay sorted, so equal sets are equal values.
 */
export function withMember(members: readonly string[], member: string, present: boolean): readonly string[] {
  const others = members.filter((candidate) => candidate !== member);
  return present ? [...others, member].sort() : others;
}
