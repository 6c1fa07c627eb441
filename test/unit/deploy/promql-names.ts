/**
 * The metric names a PromQL expression reads, for the checks that alert rules and dashboards name
 * only metrics the code exports. A small scanner, not a parser: it removes what holds no metric
 * name (strings, label matchers, ranges, grouping and matching clauses, numbers), then every
 * remaining identifier not followed by `(` (a function or aggregation) and not a keyword is one.
 * Selecting by `{__name__=...}` is refused: it would hide the name from this check.
 *
 * @example metricNames('sum by (topic) (rate(streams_records_in_total{job="p"}[5m]))') // ['streams_records_in_total']
 */
export function metricNames(expr: string): string[] {
  if (/__name__/.test(expr)) throw new Error(`select metrics by name, not with __name__: ${expr}`);
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\boffset\s+-?\d+[a-z]+/g, ' ')
    // Grafana's interval variables ($__rate_interval, $__range, ...) and template variables.
    .replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g, ' ')
    .replace(/\b\d+(\.\d+)?(e[+-]?\d+)?\b/gi, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/([A-Za-z_:][A-Za-z0-9_:]*)(\s*\()?/g)) {
    const [, name, call] = match;
    if (name === undefined || call !== undefined || KEYWORDS.has(name.toLowerCase())) continue;
    names.add(name);
  }
  return [...names];
}

const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan', 'atan2', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
