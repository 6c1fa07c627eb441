export { processOperator } from './process-operator.js';
export type { ProcessOptions } from './process-operator.js';
export type { Cancellable, ForwardedRecord, Output, Outputs, Processor, ProcessorContext, ProcessorSupplier, PunctuationType } from './processor.js';
export { keyListSerde } from './tables/key-list-serde.js';
export type { TableChanges } from './tables/materialize-table.js';
