export { createMemoryChannel, type MemoryChannel, type MemoryFailure } from './memoryChannel.ts';
