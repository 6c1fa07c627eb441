import { z } from 'zod';

/**
 * Small zod pieces shared by the settings schemas. Unset and empty mean the same for optional
 * settings: `KAFKA_SASL_MECHANISM=` in an env file or compose file switches SASL off, it is not an error.
 */
const blankIsUnset = (value: unknown): unknown => (value === '' ? undefined : value);

export const optionalText = z.preprocess(blankIsUnset, z.string().optional());

/** `true`/`false` (also `1`/`0`, any case); unset stays undefined so rules can tell "not set" from "false". */
export const optionalBoolean = z.preprocess(
  (value) => (typeof value === 'string' ? blankIsUnset(value.toLowerCase()) : value),
  z.enum(['true', 'false', '1', '0'], { message: 'true or false' }).optional(),
).transform((value) => (value === undefined ? undefined : value === 'true' || value === '1'));
