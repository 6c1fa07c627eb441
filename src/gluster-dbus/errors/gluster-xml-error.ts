import { GlusterEventingError } from '../../errors/index.js';

/** The `gluster --xml` output is not the XML we expect (malformed, or a required element is missing). */
export class GlusterXmlError extends GlusterEventingError {
  override readonly name = 'GlusterXmlError';
  /** Character offset of the problem in the document, or the element path for a missing element. */
  readonly where: string;

  constructor(where: string, detail: string) {
    super('GLUSTER_XML_INVALID', `gluster XML invalid at ${where}: ${detail}`);
    this.where = where;
  }
}
