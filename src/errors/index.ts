export { GlusterEventingError, isErrorWithCode } from './gluster-eventing-error.js';
export type { ErrorCode, GlusterEventingErrorOptions } from './gluster-eventing-error.js';
