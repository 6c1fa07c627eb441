import type { GlusterdFacts } from '../model/gluster-facts.js';

/** Reads glusterd's current LoadState/ActiveState; never throws (an unreadable state is a state). */
export type GlusterdStateSource = () => Promise<GlusterdFacts>;
