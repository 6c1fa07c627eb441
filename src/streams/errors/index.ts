export { OperatorError } from './operator-error.js';
export { OperatorAsyncError } from './operator-async-error.js';
export { StoreFullError } from './store-full-error.js';
export { StoreRestoreError } from './store-restore-error.js';
export { TaskFencedError } from './task-fenced-error.js';
export { IllegalTaskTransitionError } from './illegal-task-transition-error.js';
export { TopologyError } from './topology-error.js';
export { StreamsFatalError } from './streams-fatal-error.js';
