/** The stack's typed failures, one class per file; each message is one line a user can act on. */
export { StackPrerequisiteError } from './stack-prerequisite-error.js';
export { StackPortInUseError } from './stack-port-in-use-error.js';
export { StackProcessCrashedError } from './stack-process-crashed-error.js';
export { StackStartTimeoutError } from './stack-start-timeout-error.js';
export { ArtifactFetchError } from './artifact-fetch-error.js';
export { ContainerEngineUnavailableError } from './container-engine-unavailable-error.js';
export { StackAlreadyRunningError } from './stack-already-running-error.js';
