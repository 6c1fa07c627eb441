export { createKeyValueStore } from './key-value-store.js';
export type { KeyValueStore, ReadOnlyKeyValueStore } from './key-value-store.js';
export { createTtlStore } from './ttl-store.js';
export type { TtlStore } from './ttl-store.js';
export { DEFAULT_MAX_ENTRIES, keyId } from './store-spec.js';
export { keyValueStore, ttlStore } from './store-builders.js';
export type { StoreOptions } from './store-builders.js';
export type { StoreChange, StoreJournal, StoreSpec } from './store-spec.js';
