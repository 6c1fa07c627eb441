export { murmur2, murmur2Partitioner, partitionForKey } from './murmur2-partitioner.js';
