export { listenHttp } from './listen-http.js';
export type { ListenHttpOptions, ListeningHttp } from './listen-http.js';
export { PortInUseError } from './port-in-use-error.js';
