export { murmur2, murmur2Partitioner } from './murmur2-partitioner.js';
