/** The processor's answer to `/readyz`: ready, or why not (starting, restoring, stopping, failed). */
export interface Readiness {
  readonly ready: boolean;
  readonly reason: string;
}

export type ReadinessProbe = () => Readiness;
