export { GlusterCliError } from './gluster-cli-error.js';
export type { GlusterCliFailure } from './gluster-cli-error.js';
export { GlusterXmlError } from './gluster-xml-error.js';
export { DbusNameError } from './dbus-name-error.js';
