import { z } from 'zod';

const weight = z.number().min(0).max(1_000_000);

/**
 * What happens after every node's first snapshot: one scripted action after another, picked at
 * random by weight (seeded), with heartbeats from every live producer every `heartbeatMs` of event
 * time in between. Actions:
 *
 * - `volumeStatus`: a volume's status changes (0 Created, 1 Started, 2 Stopped) and every node that
 *   exports it reports the change (N records, one per node);
 * - `glusterd`: one node's glusterd stops (`inactive` / `failed`) or starts again;
 * - `smartFailing`: a drive starts or stops predicting its failure (`SmartFailing`);
 * - `temperature`: a drive's temperature changes (sometimes above 60 °C);
 * - `producerRestart`: a node's producer restarts: a new session (sequence from 0) and a full snapshot;
 * - `volumeDelete`: a volume and its bricks disappear on every node (REMOVED records; tombstones);
 * - `volumeCreate`: a deleted volume is created again (ADDED records, status Created), so that long
 *   runs keep their volumes.
 */
export const loadScriptSchema = z.object({
  mix: z
    .object({
      volumeStatus: weight.default(40),
      glusterd: weight.default(5),
      smartFailing: weight.default(15),
      temperature: weight.default(35),
      producerRestart: weight.default(0.5),
      volumeDelete: weight.default(0.5),
      volumeCreate: weight.default(0.5),
    })
    .default({ volumeStatus: 40, glusterd: 5, smartFailing: 15, temperature: 35, producerRestart: 0.5, volumeDelete: 0.5, volumeCreate: 0.5 }),
  /** Every producer's heartbeat period (event time), as `--heartbeat-ms`. */
  heartbeatMs: z.number().int().min(100).default(10_000),
  /** Share of volumes that start out stopped (the rest started). */
  initiallyStopped: z.number().min(0).max(1).default(0.1),
  /** Share of drives already failing at the first snapshot. */
  initiallyFailing: z.number().min(0).max(1).default(0.01),
});

export type LoadScript = Readonly<z.output<typeof loadScriptSchema>>;
export type LoadAction = keyof LoadScript['mix'];

export const DEFAULT_LOAD_SCRIPT: LoadScript = Object.freeze(loadScriptSchema.parse({}));

/** Validates a partial script (e.g. from `--mix`), filling in the defaults. */
export function parseLoadScript(input: unknown): LoadScript {
  return Object.freeze(loadScriptSchema.parse(input ?? {}));
}

/**
 * `--mix volumeStatus=40,smartFailing=10`: the weights named; unnamed ones keep their default.
 * Throws a ZodError naming the bad entry.
 */
export function parseMix(text: string): Partial<Record<LoadAction, number>> {
  const entries = text.split(',').filter((part) => part.trim() !== '').map((part) => {
    const [name = '', value = ''] = part.split('=').map((piece) => piece.trim());
    return [name, Number(value)] as const;
  });
  const names = Object.keys(DEFAULT_LOAD_SCRIPT.mix);
  return z
    .partialRecord(z.enum(names as [LoadAction, ...LoadAction[]]), weight)
    .parse(Object.fromEntries(entries)) as Partial<Record<LoadAction, number>>;
}
