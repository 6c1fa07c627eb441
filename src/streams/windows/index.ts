export { TimeWindows } from './time-windows.js';
export { windowed } from './windowed.js';
export type { Window, Windowed } from './windowed.js';
export { windowedSerde } from './windowed-serde.js';
