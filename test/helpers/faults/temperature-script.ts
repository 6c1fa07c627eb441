import type { SimulatedCluster } from '../../../src/simulator/index.js';

/** The README's DRIVE_TEMPERATURE_HIGH threshold (default settings): strictly above 60 °C. */
const HIGH_CELSIUS = 60;

/** Step `i`'s temperature: a saw tooth 50..69 °C, crossing the threshold up at 61 and down at 50. */
export const temperatureAt = (step: number): number => 50 + (step % 20);

/**
 * The expected DRIVE_TEMPERATURE_HIGH history of a drive that went through `celsius` (after its
 * initial 35 °C): RAISED on each rise above the threshold, RESOLVED on each return to or below it.
 */
export function expectedTemperatureAlerts(celsius: readonly number[]): string[] {
  const history: string[] = [];
  let high = false;
  for (const value of celsius) {
    if (value > HIGH_CELSIUS !== high) {
      high = !high;
      history.push(high ? 'RAISED' : 'RESOLVED');
    }
  }
  return history;
}

/**
 * Drives every node's `sda` through {@link temperatureAt}, one step for all nodes per call, and
 * remembers what each node's drive was set to, in order: the expectation for the raw topic (each
 * value once, in order) and for the alerts.
 */
export function temperatureDriver(cluster: SimulatedCluster): { step(): void; readonly set: Map<string, number[]>; steps(): number } {
  const set = new Map<string, number[]>(cluster.nodes.map((node) => [node.nodeId, []]));
  let step = 0;
  return {
    set,
    steps: () => step,
    step() {
      const celsius = temperatureAt(step);
      step += 1;
      for (const node of cluster.nodes) {
        node.setTemperature('sda', celsius);
        set.get(node.nodeId)?.push(celsius);
      }
    },
  };
}
